-- One figure source for both books: the HTML book shows figures/NAME.svg (and
-- screens/NAME.svg, the screens tools/screens.py captures), the PDF book the PDF
-- that tools/book.mk converts each to.
--
-- Figures are numbered by chapter in both editions: LaTeX numbers them itself
-- (Figure 10.1), and for an HTML page, whose chapter nav.py passes as the
-- metadata field `chapter`, this filter writes the same number before each
-- caption and gives the figure the anchor fig-10-1 that the list of figures
-- links to.
local chapter = nil
local count = 0

local function read_chapter(meta)
  if meta.chapter then
    chapter = pandoc.utils.stringify(meta.chapter)
  end
end

local function use_pdf(img)
  img.src = img.src:gsub('^figures/(.*)%.svg$', 'figures/%1.pdf')
  img.src = img.src:gsub('^screens/(.*)%.svg$', 'screens/%1.pdf')
  return img
end

local function number(para)
  if #para.content ~= 1 or para.content[1].t ~= 'Image' then
    return nil
  end
  local img = para.content[1]
  if img.title:sub(1, 4) ~= 'fig:' then
    return nil
  end
  if FORMAT:match('latex') then
    para.content[1] = use_pdf(img)
    return para
  end
  if chapter == nil then
    return nil
  end
  count = count + 1
  local label = chapter .. '.' .. count
  img.identifier = 'fig-' .. chapter .. '-' .. count
  img.caption:insert(1, pandoc.Str('Figure ' .. label .. ': '))
  return para
end

return {{Meta = read_chapter}, {Para = number}}
