-- One figure source for both books: the HTML book shows figures/NAME.svg, the
-- PDF book the PDF that tools/book.mk converts it to.
function Image(img)
  if FORMAT:match('latex') then
    img.src = img.src:gsub('^figures/(.*)%.svg$', 'figures/%1.pdf')
  end
  return img
end
