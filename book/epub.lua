-- The EPUB edition (make epub) from the same woven Markdown as the other two.
--
-- The weave writes each chunk twice: as HTML pieces with links for the HTML
-- book and as one LaTeX box for the PDF. An e-book reader wants neither raw
-- format, so this filter turns the HTML pieces back into pandoc's own blocks
-- (its HTML reader does that), keeps the code as the PDF's one block with each
-- use of a chunk written as its name, keeps only the links that stay inside
-- the book, and drops what is LaTeX's alone.

local uses = {}               -- the PDF's use marks: index -> chunk name

local function decode(text)
  return (text:gsub('&#(%d+);', function(n) return utf8.char(tonumber(n)) end)
              :gsub('&lt;', '<'):gsub('&gt;', '>'):gsub('&quot;', '"'):gsub('&amp;', '&'))
end

-- A link to another page of the HTML book (chapter, index) becomes a link to
-- the same anchor, which pandoc finds in whichever chapter of the EPUB holds
-- it; a link to a page with no such anchor here (the indexes) becomes its text.
local function inside_book(link)
  local anchor = link.target:match('^[%w%-]*%.html(#.+)$') or link.target:match('^(#.+)$')
  if anchor == nil or anchor:match('^#id%-') then
    return link.content
  end
  link.target = anchor
  return link
end

local function from_html(text)
  local doc = pandoc.read(text, 'html')
  return pandoc.walk_block(pandoc.Div(doc.blocks), {Link = inside_book}).content
end

-- The names, one a line in the order of the marks (book.mk writes the file
-- from the weave's uses.json).
function Meta(meta)
  if meta.uses then
    local i = 0
    for name in io.lines(pandoc.utils.stringify(meta.uses)) do
      uses[i] = name
      i = i + 1
    end
  end
end

function RawBlock(raw)
  if raw.format ~= 'html' then
    return {}
  end
  if raw.text:match('^%s*<pre class="chunk%-use"') then
    return {}                           -- the code comes whole from the PDF's block
  end
  return from_html(raw.text)
end

function RawInline(raw)
  if raw.format ~= 'html' then
    return {}
  end
  local blocks = from_html(raw.text)
  if #blocks == 1 and blocks[1].content then
    return blocks[1].content
  end
  return pandoc.Str(decode(raw.text:gsub('<[^>]*>', '')))
end

function CodeBlock(code)
  if code.classes:includes('html-only') then
    return {}
  end
  code.text = code.text:gsub('CHUNKUSEn(%d+)x', function(n)
    return '\u{27E8}' .. (uses[tonumber(n)] or '?') .. '\u{27E9}'
  end)
  code.classes = code.classes:filter(function(c) return c ~= 'latex-only' end)
  return code
end

return {{Meta = Meta}, {RawBlock = RawBlock, RawInline = RawInline, CodeBlock = CodeBlock}}
