#!/usr/bin/env python3
"""Navigation for the HTML book.
  nav.py BOOK.JSON SLUG        pandoc options: page title, previous and next page
  nav.py BOOK.JSON --contents  the contents page, as Markdown
"""
import json
import os
import re
import sys

ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
FIGURE = re.compile(r"^!\[(.*)\]\(((?:figures|screens)/[^)]*)\)\s*$")


def list_figures(pages):
    """The list of figures, numbered as figures.lua and LaTeX number them."""
    print("\n# Figures\n")
    for p in pages:
        if p["number"] is None:
            continue
        count = 0
        with open(os.path.join(os.path.dirname(sys.argv[1]), p["slug"] + ".md")) as f:
            for line in f:
                m = FIGURE.match(line)
                if m:
                    count += 1
                    print("- [Figure %d.%d](%s.html#fig-%d-%d): %s" % (
                        p["number"], count, p["slug"], p["number"], count, m.group(1)))


pages = json.load(open(sys.argv[1]))
pages += [{"slug": "teaching", "title": "Teaching from this book", "number": None},
          {"slug": "glossary", "title": "Glossary", "number": None},
          {"slug": "bibliography", "title": "Bibliography", "number": None},
          {"slug": "chunks", "title": "Index of chunks", "number": None},
          {"slug": "identifiers", "title": "Index of identifiers", "number": None}]
if sys.argv[2] == "--contents":
    print("\nThe same book, for print and for e-book readers: [the PDF](../book.pdf) "
          "and [the EPUB](../book.epub).\n")
    print("\n# Contents\n")
    print('```{=html}\n<ol class="contents">')
    parts = 0
    for p in pages:
        if p.get("part"):
            parts += 1
            print('<li class="part">Part %s: %s</li>' % (ROMAN[parts], p["part"]))
        if p["number"] is None and parts:
            print('<li class="part">For teachers, glossary, bibliography and indexes</li>')
            parts = 0
        number = "%d " % p["number"] if p["number"] is not None else ""
        print('<li><a href="%s.html">%s%s</a></li>' % (p["slug"], number, p["title"]))
    print("</ol>\n```")
    list_figures(pages)
    sys.exit(0)
slugs = [p["slug"] for p in pages]
i = slugs.index(sys.argv[2])
opts = ["--metadata=pagetitle=%s" % pages[i]["title"].replace(" ", "\u00a0")]
if pages[i]["number"] is not None:           # chapter N: sections N.1, N.2, ...
    opts += ["--toc", "--toc-depth=2",
             "--number-sections", "--number-offset=%d" % (pages[i]["number"] - 1),
             "--metadata=chapter:%d" % pages[i]["number"]]
if i > 0:
    opts += ["--variable=prev:%s.html" % slugs[i - 1],
             "--variable=prevtitle:%s" % pages[i - 1]["title"].replace(" ", "\u00a0")]
if i + 1 < len(pages):
    opts += ["--variable=next:%s.html" % slugs[i + 1],
             "--variable=nexttitle:%s" % pages[i + 1]["title"].replace(" ", "\u00a0")]
print(" ".join(opts))
