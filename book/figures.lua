-- One figure source for both books: the HTML book shows figures/NAME.svg (and
-- screens/NAME.svg, the screens tools/screens.py captures), the PDF book the PDF
-- that tools/book.mk converts each to.
function Image(img)
  if FORMAT:match('latex') then
    img.src = img.src:gsub('^figures/(.*)%.svg$', 'figures/%1.pdf')
    img.src = img.src:gsub('^screens/(.*)%.svg$', 'screens/%1.pdf')
  end
  return img
end
