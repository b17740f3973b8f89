#!/usr/bin/env python3
"""labels.py BOOK.aux LABELS.json: the printed book's chunk labels, for the HTML.

The PDF's build writes \\chunkonpage{LABEL}{PAGE} to the .aux file for every
chunk, in the order the pages come out (book/preamble.tex). The chunks of a
page are lettered in that order, as the preamble letters them: 233a, 233b. The
JSON maps each chunk's noweb label to its printed label; it is rewritten only
if a label changed, so that the HTML pages are remade only then.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from weave import write_if_changed  # noqa: E402


def main():
    aux, out = sys.argv[1], sys.argv[2]
    labels, page, letter = {}, None, 0
    with open(aux, errors="replace") as f:
        for m in re.finditer(r"\\chunkonpage\{([^}]*)\}\{([^}]*)\}", f.read()):
            if m.group(2) == page:
                letter += 1
            else:
                page, letter = m.group(2), 1
            labels[m.group(1)] = page + "abcdefghijklmnopqrstuvwxyz"[min(letter, 26) - 1]
    if not labels:
        sys.exit("labels.py: no chunk labels in %s" % aux)
    write_if_changed(out, json.dumps(labels, indent=0, sort_keys=True))


if __name__ == "__main__":
    main()
