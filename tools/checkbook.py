#!/usr/bin/env python3
"""Book checks, as TAP: every link in the HTML book resolves, every chapter has
a page, the figures reach both books, the PDF has its contents and indexes, and
no line of code is too wide for the printed page."""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

BOOK = sys.argv[1] if len(sys.argv) > 1 else "build/book"
HTML = os.path.join(BOOK, "html")
MAX_CODE_COLUMNS = 90
n = 0
failed = 0


def check(ok, what, detail=""):
    global n, failed
    n += 1
    if not ok:
        failed += 1
    print("%s %d %s" % ("ok" if ok else "not ok", n, what))
    if detail and not ok:
        for line in detail.strip().split("\n")[:30]:
            print("# " + line)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links, self.images = set(), [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag in ("img", "link") and ("src" in a or "href" in a):
            self.images.append(a.get("src") or a.get("href"))


pages = {}
for path in sorted(glob.glob(os.path.join(HTML, "*.html"))):
    p = Links()
    with open(path) as f:
        p.feed(f.read())
    pages[os.path.basename(path)] = p

chapters = sorted(os.path.basename(c)[:-3] for c in glob.glob("chapters/[0-9][0-9]-*.nw"))
missing = [c for c in chapters if c + ".html" not in pages]
check(not missing and "index.html" in pages and "identifiers.html" in pages,
      "a page per chapter, a contents page and an identifier index", "missing: %s" % missing)

broken = []
count = 0
for name, p in pages.items():
    for href in p.links + p.images:
        if re.match(r"^[a-z]+:", href):
            continue
        count += 1
        target, _, anchor = href.partition("#")
        target = target or name
        if not os.path.exists(os.path.join(HTML, target)):
            broken.append("%s: %s (no file)" % (name, href))
        elif anchor and (target not in pages or anchor not in pages[target].ids):
            broken.append("%s: %s (no such anchor)" % (name, href))
check(count > 100 and not broken, "all %d links in the HTML book resolve" % count, "\n".join(broken))

index = pages.get("identifiers.html")
check(index is not None and len([l for l in index.links if "#NW" in l]) > 50,
      "the identifier index links to definitions")
uses = sum(1 for p in pages.values() for l in p.links if "#NW" in l)
check(uses > 100, "chunk names in code and footers are links (%d)" % uses)

contents = open(os.path.join(HTML, "index.html")).read() if "index.html" in pages else ""
check(all(c + ".html" in contents for c in chapters), "the contents page lists every chapter")
first = open(os.path.join(HTML, chapters[0] + ".html")).read()
check('rel="next"' in first and 'class="sourceCode' in first and 'class="kw"' in first,
      "pages have next links and highlighted code")

for fig in sorted(glob.glob("figures/*.svg")):
    base = os.path.splitext(os.path.basename(fig))[0]
    in_html = any(i == "figures/%s.svg" % base for p in pages.values() for i in p.images)
    tex = open(os.path.join(BOOK, "book.tex")).read()
    in_pdf = "figures/%s.pdf" % base in tex and os.path.exists(os.path.join(BOOK, "figures", base + ".pdf"))
    check(in_html and in_pdf, "figure %s appears in the HTML and the PDF book" % base)

tex = open(os.path.join(BOOK, "book.tex")).read()
missing = []
for slug in chapters:
    page = pages.get(slug + ".html")
    in_html = page is not None and "screens/%s.svg" % slug in page.images and \
        os.path.exists(os.path.join(HTML, "screens", slug + ".svg"))
    in_pdf = "screens/%s.pdf" % slug in tex and \
        os.path.exists(os.path.join(BOOK, "screens", slug + ".pdf"))
    with open(os.path.join(BOOK, "screens", slug + ".svg")) as f:
        picture = f.read()              # text cells, or a framebuffer's pixels
        drawn = "<text " in picture or "data:image/png;base64," in picture
    if not (in_html and in_pdf and drawn):
        missing.append(slug)
check(not missing, "every chapter shows its kernel's captured screen in both books",
      "missing or blank: %s" % " ".join(missing))

pdf = os.path.join(BOOK, "book.pdf")
text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
check("Contents" in text and "Index of identifiers" in text and "Index of chunks" in text,
      "the PDF has contents and both indexes")
log = open(os.path.join(BOOK, "book.log"), errors="replace").read()
check("undefined references" not in log and "Reference `" not in log,
      "every page reference in the PDF resolves")
check(not re.search(r"\?\?", text), "no unresolved ?? in the PDF")
# What a reader copies out of the PDF must be the code: ^ and ~ as ASCII, not the
# accents U+02C6 and U+02DC, and << not joined into a guillemet.
wrong = [(ch, name) for ch, name in (("\u02c6", "U+02C6 for ^"), ("\u02dc", "U+02DC for ~"),
                                     ("\u00ab", "a guillemet for <<"), ("\u00bb", "a guillemet for >>"))
         if ch in text]
check("with answers" not in text[:3000] and "instructor" not in text[:3000],
      "the reader's edition's title page does not claim to be the instructor's",
      text[:600])
lof = open(os.path.join(BOOK, "book.lof"), errors="replace").read()
long_entries = [l for l in re.findall(r"\\numberline \{[^}]*\}(.*)\}\{\d+\}", lof)
                if len(l) > 140]
check("\\numberline" in lof and not long_entries,
      "the list of figures shows short captions", "\n".join(long_entries[:5]))
# A code line too long for the page is broken with a hook arrow, which pdftotext
# reads as ",\u2192": the 90 columns of checkbook's measure must fit whole.
wraps = text.count(",\u2192")
check(wraps == 0, "no code line wraps in the PDF", "%d lines wrap" % wraps)
check(not wrong, "text copied out of the PDF keeps ^, ~, << and >> as ASCII",
      "\n".join("%s: %d times, first near: %s" % (name, text.count(ch),
                 text[max(0, text.index(ch) - 60):text.index(ch) + 20].replace("\n", " "))
                 for ch, name in wrong))
# And quotes, backquotes and hyphens: every line of code that holds one reads
# the same in the PDF's text (spaces aside), not with curly quotes or dashes.
flat = re.sub(r"\s+", " ", text)
quoted = set()
for ch in sorted(glob.glob("chapters/*.nw")):
    in_code = False
    for line in open(ch):
        if re.match(r"^<<.*>>=\s*$", line):
            in_code = True
        elif re.match(r"^@(\s|$)", line):
            in_code = False
        elif in_code and re.search(r"['\"`-]", line) and "<<" not in line and len(line.strip()) >= 16:
            quoted.add(re.sub(r"\s+", " ", line.strip()))
changed = sorted(l for l in quoted if l not in flat)
check(quoted and not changed, "the %d lines of code with quotes or hyphens copy out of the "
      "PDF as written" % len(quoted), "\n".join(changed[:10]))

wide = []
for ch in sorted(glob.glob("chapters/*.nw")):
    in_code = False
    for lineno, line in enumerate(open(ch), 1):
        if re.match(r"^<<.*>>=\s*$", line):
            in_code = True
        elif line.startswith("@") and (len(line) == 2 or line[1] in " \n"):
            in_code = False
        elif in_code and len(line.rstrip("\n").expandtabs()) > MAX_CODE_COLUMNS:
            wide.append("%s:%d: %d columns" % (ch, lineno, len(line.rstrip().expandtabs())))
check(not wide, "no code line is wider than %d columns (the printed page)" % MAX_CODE_COLUMNS,
      "\n".join(wide))
def ink_share(pixels):
    """The share of a grey image's pixels that are ink (darker than 250)."""
    light = len(pixels.translate(None, bytes(range(250))))
    return (len(pixels) - light) / max(1, len(pixels))


# Every page as a reader of the PDF sees it, rendered once at 20 dpi (A4: 234
# rows, the 2 cm margins about 16 rows): its height, the rows that hold ink, and
# the share of its pixels that are ink.
def rendered_pages(pdf_path):
    tmp = tempfile.mkdtemp()
    subprocess.run(["pdftoppm", "-gray", "-r", "20", pdf_path, tmp + "/p"], check=True)
    pages = []
    for path in sorted(glob.glob(tmp + "/p-*.pgm")):
        data = open(path, "rb").read()
        os.remove(path)
        magic, size, maxval, pixels = data.split(b"\n", 3)
        width, height = map(int, size.split())
        inked = [y for y in range(height) if min(pixels[y * width:(y + 1) * width]) < 200]
        pages.append((height, inked, ink_share(pixels)))
    os.rmdir(tmp)
    return pages


def ink_of(pdf_path):
    """The share of a one-page PDF's pixels that are ink, at 20 dpi."""
    out = subprocess.run(["pdftoppm", "-gray", "-r", "20", "-f", "1", "-l", "1", pdf_path],
                         capture_output=True).stdout
    parts = out.split(b"\n", 3)          # P5, size, maxval, pixels
    return ink_share(parts[3] if len(parts) == 4 else b"")


rendered = rendered_pages(pdf)
pages_text = text.split("\f")
# The title page and the list of figures must show ink, and so must every
# figure as the PDF includes it: a figure that failed to convert is blank, but
# its page in the book would still show ink, from the caption and the prose.
figure_pages = [i + 1 for i, p in enumerate(pages_text) if re.search(r"Figure \d+\.\d+:", p)]
lof = [i + 1 for i, p in enumerate(pages_text) if "List of Figures" in p][:1]
faint = ["page %d: %.2f%% ink" % (pg, 100 * rendered[pg - 1][2])
         for pg in [1] + lof if rendered[pg - 1][2] < 0.005]
figure_pdfs = sorted(glob.glob(os.path.join(BOOK, "figures", "*.pdf")))
for path in figure_pdfs:
    share = 100 * ink_of(path)
    if share < 0.5:
        faint.append("%s: %.2f%% ink" % (path, share))
check(len(figure_pages) >= 12 and lof and len(figure_pdfs) >= 12 and not faint,
      "pdftoppm renders the title page, the list of figures and the %d figures, all with "
      "ink" % len(figure_pdfs), "\n".join(faint) or "figure pages: %s" % figure_pages)

# Pages without holes: a body page ends less than two-thirds down only where a
# chapter or a part ends, or where a figure is placed. A page's fill is how far
# down the text area its lowest inked row lies.
def is_opening(page):
    return re.search(r"^\s*(Chapter \d+|Part [IVX]+)\s*$", page, re.M)


MAX_HOLES = 5
openings_at = [i for i, pg in enumerate(pages_text) if re.search(r"^\s*Chapter \d+\s*$", pg, re.M)]
back = [i for i, pg in enumerate(pages_text) if re.match(r"\s*\S*\s*Glossary\b", pg)]
holes = []
for i, (height, inked, _) in enumerate(rendered):
    if not openings_at or i < openings_at[0] or (back and i >= back[0]) or not inked:
        continue
    if i + 1 < len(pages_text) and is_opening(pages_text[i + 1]):
        continue                                    # the end of a chapter or a part
    if re.search(r"Figure \d+\.\d+:", pages_text[i]):
        continue
    margin = height * 2.0 / 29.7
    fill = (max(inked) - margin) / (height - 2 * margin)
    if fill < 2 / 3:
        holes.append("page %d: %d%% full" % (i + 1, 100 * fill))
check(openings_at and len(holes) <= MAX_HOLES,
      "at most %d body pages end less than two-thirds full (%d do)" % (MAX_HOLES, len(holes)),
      "\n".join(holes))

# A chunk a reader can hold in view: none longer than 40 lines (split it where a
# sentence explains the next part).
MAX_CHUNK_LINES = 40
long_chunks = []
for ch in sorted(glob.glob("chapters/*.nw")):
    start = None
    for lineno, line in enumerate(open(ch), 1):
        if re.match(r"^<<.*>>=\s*$", line):
            start = (lineno, line.strip())
        elif start and line.startswith("@") and (len(line) == 2 or line[1] in " \n"):
            if lineno - start[0] - 1 > MAX_CHUNK_LINES:
                long_chunks.append("%s:%d: %s, %d lines" % (ch, start[0], start[1],
                                                         lineno - start[0] - 1))
            start = None
check(not long_chunks, "no code chunk is longer than %d lines" % MAX_CHUNK_LINES,
      "\n".join(long_chunks))

# Prose before code. Every chunk with code in it follows prose that motivates
# it, never directly another chunk; and in each chapter's main line (outside
# the sections that test, measure, fuzz, set a lab or end the chapter) there are
# at least 0.6 lines of prose for each line of code.
NOT_MAIN_LINE = re.compile(r"Testing|Measur|measured|Fuzzing|Lab:|What you can see|"
                           r"Check your|Exercises|Further reading")
MIN_PROSE = 0.6
chapter_files = sorted(glob.glob("chapters/[0-9][0-9]-*.nw"))
bare, thin = [], []
for ch in chapter_files:
    lines = open(ch).read().split("\n")
    in_code, previous, skip_level, prose_lines, code_lines = False, "", None, 0, 0
    for i, line in enumerate(lines):
        heading = re.match(r"^(#+) ", line)
        if heading and not in_code and len(heading.group(1)) > 1:
            level = len(heading.group(1))
            if skip_level is not None and level <= skip_level:
                skip_level = None
            if skip_level is None and NOT_MAIN_LINE.search(line):
                skip_level = level
        elif re.match(r"^<<.*>>=\s*$", line):
            empty = i + 1 < len(lines) and re.match(r"^@(\s|$)", lines[i + 1])
            if re.match(r"^@(\s|$)", previous) and not empty:
                bare.append("%s:%d: %s" % (ch, i + 1, line))
            in_code = True
        elif in_code and re.match(r"^@(\s|$)", line):
            in_code = False
        elif line.strip() and skip_level is None and not heading:
            if in_code:
                code_lines += 1
            else:
                prose_lines += 1
        if line.strip():
            previous = line
    if code_lines and prose_lines < MIN_PROSE * code_lines:
        thin.append("%s: %d lines of prose to %d of code (%.2f)"
                    % (ch, prose_lines, code_lines, prose_lines / code_lines))
check(not bare, "every chunk of code follows prose, not another chunk", "\n".join(bare))
check(not thin, "every chapter's main line has at least %.1f lines of prose a line of code"
      % MIN_PROSE, "\n".join(thin))

# Every term of the glossary is defined (in italics) before the prose first uses
# it. A use is allowed before the definition in a chapter's opening (which
# announces what the chapter will explain), in a paragraph that points to the
# chapter that explains it, and in headings, code, tables and captions.
def paragraphs(path):
    """(line, text) of each paragraph of prose in a chapter, after its opening."""
    out, para, start, in_code, opened = [], [], 0, False, False
    for lineno, line in enumerate(open(path), 1):
        if re.match(r"^<<.*>>=\s*$", line):
            in_code = True
        elif in_code and line.startswith("@") and (len(line) == 2 or line[1] in " \n"):
            in_code = False
            continue
        if line.startswith("## "):
            opened = True
        skip = (in_code or not opened or line.startswith(("#", "    ", "|", "![")))
        if skip or not line.strip():
            if para:
                out.append((start, " ".join(para)))
            para = []
            continue
        if not para:
            start = lineno
        para.append(re.sub(r"`[^`]*`", "", line.strip()))
    if para:
        out.append((start, " ".join(para)))
    return out


paragraphs_of = {ch: paragraphs(ch) for ch in chapter_files}
prose = [(ch, line, t) for ch in chapter_files for line, t in paragraphs_of[ch]]
openings = {ch: open(ch).read().split("\n## ", 1)[0] for ch in chapter_files}
early = []
for entry in open("book/glossary.txt"):
    if not entry.strip() or entry.startswith("#"):
        continue
    term = entry.split("|", 1)[0].strip()
    italic = re.compile(r"\*%ss?\*" % re.escape(term), re.I)
    word = re.compile(r"\b%ss?\b" % re.escape(term), re.I)
    defined = [(ch, line) for ch in chapter_files
               for line, t in [(0, openings[ch])] + paragraphs_of[ch] if italic.search(t)]
    if not defined:
        continue                # the weave itself refuses a term defined nowhere
    for ch, line, t in prose:
        if (ch, line) >= defined[0]:
            break
        if word.search(re.sub(r"\*[^*]+\*", "", t)):    # (other terms' definitions aside)
            if "{chapter:" not in t.lower():
                early.append("%s:%d: '%s' before its definition at %s:%d"
                             % (ch, line, term, defined[0][0], defined[0][1]))
            break                   # introduced here, with a pointer to its chapter
check(not early, "every glossary term is defined before the prose first uses it",
      "\n".join(early))

# A figure's words go stale like the prose's: no chapter number drawn in one.
stale = []
for svg in sorted(glob.glob("figures/*.svg")):
    for lineno, line in enumerate(open(svg), 1):
        for words in re.findall(r"<text[^>]*>([^<]*)</text>", line):
            if re.search(r"\b[Cc]hapters?\s+\d", words):
                stale.append("%s:%d: %s" % (svg, lineno, words.strip()))
check(not stale, "no figure draws a chapter's number", "\n".join(stale))

# Every figure in figures/ is used, and cited with a caption.
used = "".join(open(ch).read() for ch in glob.glob("chapters/*.nw"))
unused = [f for f in sorted(glob.glob("figures/*.svg"))
          if not re.search(r"!\[[^\]]+\]\(%s\)" % re.escape(f), used)]
check(not unused, "every figure is shown with a caption", "\n".join(unused))
print("1..%d" % n)
sys.exit(1 if failed else 0)
