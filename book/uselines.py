#!/usr/bin/env python3
"""uselines.py BOOK.tex USES.json: uses of chunks inside the PDF's code boxes.

book/weave.py writes a chunk that uses other chunks as one code block for the
PDF, each use marked by a word (CHUNKUSEn7x) that highlighting leaves whole, so
that the chunk is one box on the page. This replaces each mark, wherever the
highlighter put it, with \\chunkuse{NAME}{LABEL}: the name in italics and the
label of its definition.
"""
import json
import re
import sys


def main():
    tex_path, uses_path = sys.argv[1], sys.argv[2]
    with open(uses_path) as f:
        uses = json.load(f)
    with open(tex_path) as f:
        text = f.read()

    # Inside the code box fancyvrb reads labels and names with other character
    # codes than TeX's usual ones, so each use becomes a command made only of
    # letters (\ChunkUseabc), defined before the document with the usual ones.
    def letters(n):
        out = ""
        while True:
            out = "abcdefghijklmnopqrstuvwxyz"[n % 26] + out
            n //= 26
            if n == 0:
                return out
    text = re.sub(r"CHUNKUSEn(\d+)x", lambda m: r"\ChunkUse%s{}" % letters(int(m.group(1))),
                  text)
    defs = "".join(r"\def\ChunkUse%s{\chunkuse{%s}{%s}}" % (letters(i), name, label) + "\n"
                   for i, (name, label) in enumerate(uses))
    if r"\begin{document}" not in text:
        sys.exit("uselines.py: no \\begin{document} in %s" % tex_path)
    text = text.replace(r"\begin{document}", r"\begin{document}" + "\n" + defs, 1)
    with open(tex_path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
