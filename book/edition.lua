-- The two editions of the book from one source. The reader's edition drops
-- every answer (a Div of class "answer"); the instructor's keeps them, marked.
-- The edition is the metadata field `edition` (pandoc -M edition=instructor).
local instructor = false

local function read_edition(meta)
  instructor = meta.edition ~= nil and pandoc.utils.stringify(meta.edition) == 'instructor'
end

local function answer(div)
  if not div.classes:includes('answer') then
    return nil
  end
  if not instructor then
    return {}
  end
  if FORMAT:match('latex') then
    return {pandoc.RawBlock('latex', '\\begin{answerbox}'), div,
            pandoc.RawBlock('latex', '\\end{answerbox}')}
  end
  return div
end

-- Meta first, in a pass of its own: pandoc runs a filter's Div functions
-- before its Meta function.
return {{Meta = read_edition}, {Div = answer}}
