#!/usr/bin/env python3
"""Checks of the exercises, the review questions and their answers (TAP).

  answers.py READER_BOOK INSTRUCTOR_BOOK     e.g. build/book build/book-instructor

In the chapters: every exercise starts with its difficulty (*Easy.*,
*Moderate.* or *Hard.*), every exercise and every review question ("Check
your understanding") has an answer, a `::: answer` block that starts with
**Answer.**. In the books: the reader's edition shows no answer, in HTML or
PDF; the instructor's shows every one, in both.
"""
import glob
import os
import re
import subprocess
import sys

SECTIONS = ("## Check your understanding", "## Exercises")
DIFFICULTY = re.compile(r"^\d+\. \*(Easy|Moderate|Hard)\.\* ")
RESULTS = []


def check(ok, what, detail=""):
    RESULTS.append(ok)
    print("%s %d %s" % ("ok" if ok else "not ok", len(RESULTS), what))
    for line in detail.splitlines()[:20] if not ok else []:
        print("# " + line)


def items(lines, heading):
    """(line number, [lines]) of each numbered item under heading."""
    if heading not in lines:
        return None
    start = lines.index(heading)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
               len(lines))
    found = []
    for i in range(start + 1, end):
        if re.match(r"^\d+\. ", lines[i]):
            found.append((i + 1, []))
        if found:
            found[-1][1].append(lines[i])
    return found


def answered(body):
    """The item has an answer block whose first words are **Answer.**"""
    for i, line in enumerate(body):
        if line.strip() == "::: answer":
            rest = [l.strip() for l in body[i + 1:] if l.strip()]
            return bool(rest) and rest[0].startswith("**Answer.**") and ":::" in rest
    return False


def source_checks():
    count, problems = 0, []
    for path in sorted(glob.glob("chapters/[0-9][0-9]-*.nw")):
        with open(path) as f:
            lines = f.read().split("\n")
        for heading in SECTIONS:
            found = items(lines, heading)
            if not found:
                problems.append("%s: no '%s' with numbered items" % (path, heading))
                continue
            for number, body in found:
                count += 1
                if heading == "## Exercises" and not DIFFICULTY.match(body[0]):
                    problems.append("%s:%d: an exercise without *Easy.*, *Moderate.* or "
                                    "*Hard.*" % (path, number))
                if not answered(body):
                    problems.append("%s:%d: no '::: answer' block starting with "
                                    "**Answer.**" % (path, number))
    check(not problems, "every chapter has review questions and exercises, each "
          "exercise a difficulty, each an answer (%d in all)" % count, "\n".join(problems))
    return count


def html_answers(book):
    found = 0
    for page in glob.glob(os.path.join(book, "html", "*.html")):
        with open(page) as f:
            text = f.read()
        found += len(re.findall(r'<div class="answer">\s*<p><strong>Answer\.</strong>', text))
    return found


def pdf_answers(book):
    text = subprocess.run(["pdftotext", os.path.join(book, "book.pdf"), "-"],
                          capture_output=True, text=True).stdout
    return len(re.findall(r"(?m)^Answer\.(?: |$)", text))


def main(argv):
    reader, instructor = argv[1], argv[2]
    count = source_checks()
    check(html_answers(reader) == 0 and pdf_answers(reader) == 0,
          "the reader's edition shows no answer, in HTML or PDF",
          "HTML %d, PDF %d" % (html_answers(reader), pdf_answers(reader)))
    got_html, got_pdf = html_answers(instructor), pdf_answers(instructor)
    check(got_html == count and got_pdf == count,
          "the instructor's edition shows all %d answers, in HTML and PDF" % count,
          "HTML %d, PDF %d" % (got_html, got_pdf))
    print("1..%d" % len(RESULTS))
    return 0 if all(RESULTS) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
