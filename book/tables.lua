-- Column widths for wide tables. Pandoc gives a pipe table whose rows are
-- longer than its line width the relative widths of the dashes in its
-- separator line, and the chapters write every separator as |---|---|, so a
-- column holding a two-digit offset got as much room as one holding a
-- sentence. Here, in both books, each column first gets room for its longest
-- word (which cannot break), and the rest of the line is shared out in
-- proportion to how much more each column's longest cell (up to 60
-- characters) would like. Widths are counted in characters of the body text;
-- a character of code is wider.
local LINE = 88               -- characters of body text on a line of the PDF

local function measure(inlines)
  local len, word = 0, 0
  local function add(text, scale)
    len = len + scale * (utf8.len(text) or #text)
    for w in text:gmatch('%S+') do
      word = math.max(word, scale * (utf8.len(w) or #w))
    end
  end
  pandoc.walk_block(pandoc.Plain(inlines), {
    Str = function(s) add(s.text, 1) end,
    Code = function(c) add(c.text, 1.2) end,
    -- a reference to a chapter, \hyperref[...]{chapter~3}: its words, joined
    RawInline = function(r)
      local text = r.text:gsub('\\hyperref%b[]', ''):gsub('~', '\u{a0}'):gsub('[{}]', '')
      add(text, 1)
    end,
    Space = function() len = len + 1 end,
  })
  return len, word + 2
end

local function visit(rows, n, least, want)
  for _, row in ipairs(rows) do
    for i, cell in ipairs(row.cells) do
      if i <= n then
        local len, word = measure(pandoc.utils.blocks_to_inlines(cell.contents))
        least[i] = math.max(least[i], word)
        want[i] = math.max(want[i], math.min(len, 60), least[i])
      end
    end
  end
end

function Table(tbl)
  local n = #tbl.colspecs
  if n == 0 or tbl.colspecs[1][2] == nil then
    return nil                -- a narrow table: pandoc sizes it to its contents
  end
  local least, want = {}, {}
  for i = 1, n do least[i], want[i] = 4, 4 end
  visit(tbl.head.rows, n, least, want)
  for _, body in ipairs(tbl.bodies) do
    visit(body.body, n, least, want)
  end
  local sum_least, sum_more = 0, 0
  for i = 1, n do
    sum_least = sum_least + least[i]
    sum_more = sum_more + (want[i] - least[i])
  end
  local spare = math.max(0, LINE - sum_least)
  local widths, total = {}, 0
  for i = 1, n do
    widths[i] = least[i]
    if sum_more > 0 then
      widths[i] = widths[i] + spare * (want[i] - least[i]) / sum_more
    end
    total = total + widths[i]
  end
  for i = 1, n do
    tbl.colspecs[i] = {tbl.colspecs[i][1], widths[i] / total}
  end
  return tbl
end
