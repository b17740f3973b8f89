#!/usr/bin/env python3
"""Navigation for the HTML book.
  nav.py BOOK.JSON SLUG        pandoc options: page title, previous and next page
  nav.py BOOK.JSON --contents  the contents page, as Markdown
"""
import json
import sys

pages = json.load(open(sys.argv[1]))
pages += [{"slug": "chunks", "title": "Index of chunks", "number": None},
          {"slug": "identifiers", "title": "Index of identifiers", "number": None}]
if sys.argv[2] == "--contents":
    print("\n# Contents\n")
    print('```{=html}\n<ol class="contents">')
    for p in pages:
        print('<li><a href="%s.html">%s</a></li>' % (p["slug"], p["title"]))
    print("</ol>\n```")
    sys.exit(0)
slugs = [p["slug"] for p in pages]
i = slugs.index(sys.argv[2])
opts = ["--metadata=pagetitle=%s" % pages[i]["title"].replace(" ", "\u00a0")]
if i > 0:
    opts += ["--variable=prev:%s.html" % slugs[i - 1],
             "--variable=prevtitle:%s" % pages[i - 1]["title"].replace(" ", "\u00a0")]
if i + 1 < len(pages):
    opts += ["--variable=next:%s.html" % slugs[i + 1],
             "--variable=nexttitle:%s" % pages[i + 1]["title"].replace(" ", "\u00a0")]
print(" ".join(opts))
