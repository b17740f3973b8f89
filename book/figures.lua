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

-- Inside a caption (a moving argument) \path would break LaTeX: plain \texttt.
local named = {['\\'] = 'textbackslash', ['^'] = 'textasciicircum', ['~'] = 'textasciitilde',
               ['<'] = 'textless', ['>'] = 'textgreater', ['|'] = 'textbar',
               ["'"] = 'textquotesingle', ['`'] = 'textasciigrave'}

-- Each character as itself when copied out of the PDF: ^ and ~ as ASCII, not
-- accents, and << not joined into a guillemet.
local function caption_code(code)
  local text = code.text:gsub("[\\{}$&#_%%^~<>|'`]", function(c)
    if named[c] then return '\\' .. named[c] .. '{}' end
    return '\\' .. c
  end)
  return pandoc.RawInline('latex', '\\texttt{' .. text .. '}')
end

-- The list of figures shows each caption's opening only: up to its first colon
-- or full stop, as plain text.
local function short_caption(inlines)
  local text = pandoc.utils.stringify(inlines)
  local cut = #text
  for _, mark in ipairs({': ', '. '}) do
    local at = text:find(mark, 1, true)
    if at and at - 1 < cut then cut = at - 1 end
  end
  text = text:sub(1, cut):gsub('%.$', '')
  return (text:gsub('[\\{}$&#_%%^~<>%[%]]', function(c)
    if named[c] then return '\\' .. named[c] .. '{}' end
    if c == '[' or c == ']' then return '{' .. c .. '}' end
    return '\\' .. c
  end))
end

-- A captured screen's alternative text is the screen's own text, which
-- tools/screens.py keeps beside the picture; nil for any other figure.
local function screen_text(img)
  local shot = img.src:match('^screens/(.*)%.svg$')
  local f = shot and io.open('build/book/screens/' .. shot .. '.txt')
  if not f then
    return nil
  end
  local text = 'The screen: ' .. f:read('a'):gsub('%s+$', ''):gsub('  +', ' ')
  f:close()
  return text
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
    img = use_pdf(img)
    local caption = pandoc.walk_inline(pandoc.Span(img.caption), {Code = caption_code}).content
    local long = pandoc.write(pandoc.Pandoc({pandoc.Plain(caption)}), 'latex')
    return pandoc.RawBlock('latex', '\\begin{figure}\n\\centering\n\\includegraphics{' ..
      img.src .. '}\n\\caption[' .. short_caption(img.caption) .. ']{' .. long ..
      '}\n\\end{figure}')
  end
  if chapter == nil then              -- the EPUB: pandoc writes the figure
    img.attributes.alt = screen_text(img)
    return para
  end
  count = count + 1
  local label = chapter .. '.' .. count
  img.identifier = 'fig-' .. chapter .. '-' .. count
  img.caption:insert(1, pandoc.Str('Figure ' .. label .. ': '))
  if FORMAT:match('html') then
    -- A figure is a link to itself: on a phone, a tap opens it full size. Its
    -- alternative text is its caption, or for a captured screen the screen's.
    local text = screen_text(img) or pandoc.utils.stringify(img.caption)
    local alt = text:gsub('&', '&amp;'):gsub('"', '&quot;'):gsub('<', '&lt;')
    local caption = pandoc.write(pandoc.Pandoc({pandoc.Plain(img.caption)}), 'html')
    return pandoc.RawBlock('html', '<figure id="' .. img.identifier .. '"><a href="' ..
      img.src .. '" title="Open the figure full size"><img src="' .. img.src ..
      '" alt="' .. alt .. '"></a><figcaption>' .. caption .. '</figcaption></figure>')
  end
  return para
end

-- In the PDF, inline code that holds a path may break after a slash, as a
-- long path otherwise runs into the margin. \path drops spaces, so a command
-- with words (`make lab DIR=~/x`) becomes one \path per word, with real spaces
-- between them.
local function path_code(code)
  if FORMAT:match('latex') and code.text:find('/') and not code.text:find('[{}]') then
    local words = {}
    for word in code.text:gmatch('[^ ]+') do
      table.insert(words, '\\path{' .. word .. '}')
    end
    return pandoc.RawInline('latex', table.concat(words, '\\texttt{ }'))
  end
  return nil
end

-- A chunk that uses other chunks is written twice by the weave: as segments
-- and lines of links for the HTML book, and as one block for the PDF's one box.
-- Each edition keeps its own.
local function one_edition(block)
  if FORMAT:match('latex') and block.classes:includes('html-only') then
    return {}
  end
  if not FORMAT:match('latex') and block.classes:includes('latex-only') then
    return {}
  end
  return nil
end

return {{Meta = read_chapter}, {Para = number, CodeBlock = one_edition}, {Code = path_code}}
