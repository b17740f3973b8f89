#!/usr/bin/env python3
"""search.py HTMLDIR: the HTML book's search index, built with the book.

Reads every page the book wrote, cuts each into its sections (pandoc's
--section-divs wraps each in <section id=...>), and writes HTMLDIR/search-index.js,
one entry per section: the page, the anchor, the heading, and the section's own
words. It is a script that sets a variable rather than JSON, so that a reader
who opens the book from disk (file://, where a page may not fetch files) can
search it too: nothing is asked of the network at reading time.
"""
import html
import json
import os
import re
import sys

SECTION = re.compile(r'<section id="([^"]+)"[^>]*>\s*<h(\d)[^>]*>(.*?)</h\2>', re.S)


# A tag that ends a block of text is a space between words; an inline tag
# (highlighting's spans, links, code) is nothing, or `p->state` would read
# `p -> state` in a search result.
BLOCK = re.compile(r"</?(p|div|li|ul|ol|pre|br|h[1-6]|td|th|tr|table|dd|dt|dl|"
                   r"figcaption|figure|section|nav|summary|details)\b[^>]*>", re.I)


def plain(fragment):
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", fragment, flags=re.S)
    text = BLOCK.sub(" ", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def sections(page, text):
    body = text.split("<main>", 1)[-1].split("</main>", 1)[0]
    marks = list(SECTION.finditer(body))
    title = re.search(r"<title>(.*?)</title>", text, re.S)
    entries = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(body)
        words = plain(body[m.end():end])
        entries.append({"page": page, "id": m.group(1), "title": plain(m.group(3)),
                        "in": plain(title.group(1)).split(" · ")[0] if title else page,
                        "text": words[:4000]})
    return entries


def main():
    out = sys.argv[1]
    entries = []
    for name in sorted(os.listdir(out)):
        if name.endswith(".html") and name != "index.html":
            with open(os.path.join(out, name), encoding="utf-8") as f:
                entries += sections(name, f.read())
    if not entries:
        sys.exit("search.py: no sections found in %s" % out)
    with open(os.path.join(out, "search-index.js"), "w", encoding="utf-8") as f:
        f.write("var SEARCH_INDEX = %s;\n" % json.dumps(entries, ensure_ascii=False))


if __name__ == "__main__":
    main()
