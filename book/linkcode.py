#!/usr/bin/env python3
"""linkcode.py PAGE.html IDENTIFIERS.json [LABELS.json]: identifiers in the code
become links, and chunk labels become the printed book's.

With LABELS.json (book/labels.py, from the PDF's build), every chunk label the
weave wrote as <span class="cl" data-chunk="LABEL">10.56</span> shows the
printed book's label instead: the page and a letter, 233a.

pandoc has highlighted each code chunk of the page; this walks the text of the
C and assembly code (never inside a tag, never inside a link) and turns every name the book
defines into a link to the chunk that defines it, as the printed book's
identifier index does by page. A name is not linked inside the chunk that
defines it. The page is rewritten in place only if something changed.
"""
import json
import re
import sys

# Only C and assembly define the names the index knows; a shell script's `head`
# or `cat` is not the kernel's.
CODE = re.compile(r'(<code class="sourceCode (?:c|nasm|cpp)">)(.*?)(</code>)', re.S)
CHUNK = re.compile(r'<div class="chunk" id="([^"]+)"')
PIECE = re.compile(r"(<[^>]+>)")
NAME = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")


def link_code(code, ids, here):
    """Not every name that matches a definition is a use of it. Left alone: a
    name after -> or . (a field), right after a type (a declaration of a local
    or a field), in a comment or a string, or already inside a link. And a name
    is linked only when it is unmistakable: a call, a structure's or an enum's
    tag, or a name with an underscore or a capital; a plain `state` or `next` is
    more likely a local that happens to share a name with a definition."""
    out, in_link, spans = [], 0, []
    before, closed, since = "", "", ""
    for piece in PIECE.split(code):
        if piece.startswith("<"):
            if piece.startswith("<a "):
                in_link += 1
            elif piece == "</a>":
                in_link = max(0, in_link - 1)
            elif piece.startswith("<span"):
                m = re.search(r'class="(\w+)"', piece)
                spans.append(m.group(1) if m else "")
            elif piece == "</span>" and spans:
                closed, since = spans.pop(), ""
            out.append(piece)
            continue
        if in_link or not piece or "co" in spans or "st" in spans:
            out.append(piece)
            before, since = (before + piece)[-12:], since + piece
            continue

        def one(m):
            word = m.group(0)
            target = ids.get(word)
            left = (before + piece[:m.start()]).rstrip()
            declared = closed == "dt" and (since + piece[:m.start()]).strip() == ""
            if (target is None or target.endswith("#" + here) or declared or
                    left.endswith("-&gt;") or left.endswith(".")):
                return word
            rest = piece[m.end():].lstrip()
            tag = re.search(r"(struct|enum|union)\s*$", before + piece[:m.start()])
            if not ("fu" in spans or rest.startswith("(") or "_" in word or
                    word != word.lower() or tag):
                return word
            return '<a class="ident" href="%s">%s</a>' % (target, word)
        out.append(NAME.sub(one, piece))
        before, since = (before + piece)[-12:], since + piece
    return "".join(out)


def main():
    page, table = sys.argv[1], sys.argv[2]
    with open(table) as f:
        ids = json.load(f)
    with open(page, encoding="utf-8") as f:
        text = f.read()
    name = page.rsplit("/", 1)[-1]
    # Code in a chapter can only mean what this chapter or an earlier one
    # defines: the page's own definition if it has one, else the latest before
    # it. A name defined only later (a local `largest` here, a global there) is
    # left alone.
    chosen = {}
    for k, places in ids.items():
        here = [p for p in places if p.startswith(name + "#")]
        before = [p for p in places if p[:2] < name[:2]]
        if here or before:
            chosen[k] = here[0][len(name):] if here else before[-1]
    ids = chosen
    out, at = [], 0
    chunks = [(m.start(), m.group(1)) for m in CHUNK.finditer(text)]
    for m in CODE.finditer(text):
        here = ""
        for start, label in chunks:
            if start < m.start():
                here = label
        out.append(text[at:m.start()])
        out.append(m.group(1) + link_code(m.group(2), ids, here) + m.group(3))
        at = m.end()
    out.append(text[at:])
    result = "".join(out)
    # A block of code may scroll sideways; a reader without a mouse must be
    # able to reach it with Tab to scroll it (WCAG 2.1.1).
    result = re.sub(r"<(pre|table)(?![^>]*tabindex)", r'<\1 tabindex="0"', result)
    if len(sys.argv) > 3:
        with open(sys.argv[3]) as f:
            printed = json.load(f)
        result = re.sub(r'<span class="cl" data-chunk="([^"]+)">[^<]*</span>',
                        lambda m: '<span class="cl" data-chunk="%s">%s</span>' % (
                            m.group(1), printed.get(m.group(1), "?")), result)
    if result != text:
        with open(page, "w", encoding="utf-8") as f:
            f.write(result)


if __name__ == "__main__":
    main()
