#!/usr/bin/env python3
"""noweave backend: noweb's pipeline in, pandoc Markdown out.

Run by tools/book.mk as
    noweave -n -index -autodefs c -backend "python3 book/weave.py OUTDIR" CHAPTERS...
It writes OUTDIR/NN-slug.md for each chapter, OUTDIR/identifiers.md (the index of
identifiers), OUTDIR/chunks.md (the index of chunks) and OUTDIR/book.json (titles
and file names, for the contents page and the navigation).  Each code chunk
becomes a header with its name and number, highlighted code in which every use
of a chunk is a link, and a footer saying where it continues and where it is used.
Both HTML and LaTeX versions of those links are written as pandoc raw blocks,
so one Markdown file serves both books.
"""
import html
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import nw  # noqa: E402  (to learn which file each chunk ends up in)

LANG = {".c": "c", ".h": "c", ".asm": "nasm", ".sh": "bash", ".py": "python",
        ".ld": "default", ".check": "default", ".cfg": "default"}


def die(msg):
    sys.stderr.write("weave: " + msg + "\n")
    sys.exit(1)


def tex(s):
    out = []
    for ch in s:
        if ch in "\\":
            out.append(r"\textbackslash{}")
        elif ch in "{}$&#_%":
            out.append("\\" + ch)
        elif ch == "^":
            out.append(r"\^{}")
        elif ch == "~":
            out.append(r"\~{}")
        elif ch == "<":
            out.append(r"\textless{}")
        elif ch == ">":
            out.append(r"\textgreater{}")
        else:
            out.append(ch)
    return "".join(out)


def tex_name(s):
    """An identifier in typewriter type that may break after an underscore:
    the long test names would otherwise run into the margin."""
    return tex(s).replace(r"\_", r"\_\allowbreak{}")


def raw_html(s):
    return "`%s`{=html}" % s.replace("`", "&#96;")


def raw_latex(s):
    return "`%s`{=latex}" % s.replace("`", "\\`{}")


class Chunk:
    def __init__(self, chapter, number):
        self.chapter, self.number = chapter, number
        self.label = None
        self.name = None
        self.prev = self.next = None
        self.uses = []          # labels of chunks that use this one
        self.root = False
        self.lines = [[]]       # list of lines; each a list of ("text", s) / ("use", name, label)
        self.defines = []       # identifiers
        self.pending_ref = None


class Chapter:
    def __init__(self, path, number):
        self.path, self.number = path, number
        self.slug = os.path.splitext(os.path.basename(path))[0]
        self.items = []         # ("docs", text) or ("code", Chunk)
        self.title = self.slug
        self.part = None       # the part this chapter opens, if any


def parse_pipeline(stream):
    chapters, chunks_by_label, first_label = [], {}, {}
    identifiers = {}            # name -> [labels that define it]
    chunk_index = []            # (name, [defn labels], [use labels])
    chapter = None
    chunk = None
    docs = None
    in_quote = False
    quote = []
    state = None
    pending_ref = None
    for raw in stream:
        raw = raw.rstrip("\n")
        kw, _, arg = raw.partition(" ")
        if kw == "@file":
            chapter = Chapter(arg, len(chapters) + 1)
            m = re.match(r"(\d+)-", os.path.basename(arg))
            if m:
                chapter.number = int(m.group(1))
            chapters.append(chapter)
            chunk_count = 0
        elif kw == "@begin":
            kind = arg.split()[0]
            if kind == "docs":
                docs, state = [], "docs"
            else:
                chunk_count += 1
                chunk = Chunk(chapter, "%d.%d" % (chapter.number, chunk_count))
                state = "code"
        elif kw == "@end":
            if state == "docs":
                chapter.items.append(("docs", docs))
            elif state == "code":
                while chunk.lines and not chunk.lines[-1]:
                    chunk.lines.pop()
                chapter.items.append(("code", chunk))
            state = None
        elif kw == "@text":
            if state == "docs":
                (quote if in_quote else docs).append(("text", arg) if in_quote else arg)
            elif state == "code" and chunk.name is not None:
                chunk.lines[-1].append(("text", arg))
        elif kw == "@nl":
            if state == "docs":
                (quote if in_quote else docs).append(("text", "\n") if in_quote else "\n")
            elif state == "code":
                if chunk.name is not None and chunk.started:
                    chunk.lines.append([])
                elif chunk.name is not None:
                    chunk.started = True
        elif kw == "@defn":
            chunk.name = arg
            chunk.started = False
        elif kw == "@use":
            if state == "code":
                chunk.lines[-1].append(("use", arg, pending_ref))
            elif in_quote:
                quote.append(("use", arg, pending_ref))
            pending_ref = None
        elif kw == "@quote":
            in_quote, quote = True, []
        elif kw == "@endquote":
            in_quote = False
            docs.append(render_quote(quote))
        elif kw == "@xref":
            sub, _, rest = arg.partition(" ")
            if sub == "label" and state == "code" and chunk.label is None:
                chunk.label = rest
                chunks_by_label[rest] = chunk
            elif sub == "ref":
                pending_ref = rest
            elif sub == "prevdef":
                chunk.prev = rest
            elif sub == "nextdef":
                chunk.next = rest
            elif sub == "useitem" and state == "code":
                chunk.uses.append(rest)
            elif sub == "notused":
                chunk.root = True
            elif sub == "chunkbegin":
                lab, _, name = rest.partition(" ")
                chunk_index.append([name, [], []])
            elif sub == "chunkdefn":
                chunk_index[-1][1].append(rest)
            elif sub == "chunkuse":
                chunk_index[-1][2].append(rest)
        elif kw == "@index":
            sub, _, rest = arg.partition(" ")
            if sub == "defn" and state == "code":
                if rest not in chunk.defines and not compiler_word(rest):
                    chunk.defines.append(rest)
            elif sub == "entrybegin":
                lab, _, name = rest.partition(" ")
                current_ident = ({"defs": [], "uses": []} if compiler_word(name) else
                                 identifiers.setdefault(name, {"defs": [], "uses": []}))
            elif sub == "entrydefn":
                current_ident["defs"].append(rest)
            elif sub == "entryuse":
                current_ident["uses"].append(rest)
    return chapters, chunks_by_label, identifiers, chunk_index


NOT_OURS = set("""
    auto bool break case char const continue default do double else enum extern float for
    goto if inline int long register restrict return short signed sizeof static struct
    switch typedef union unsigned void volatile while true false NULL in
    size_t ssize_t uintptr_t intptr_t ptrdiff_t int8_t int16_t int32_t int64_t
    uint8_t uint16_t uint32_t uint64_t FILE
    equ db dw dd dq resb resw resd resq times section global extern bits align
    """.split())


# Names the book defines only to stand in for the C library's (chapter 10's
# allocation recorder); code that calls them means the C library's.
LIBC_NAMES = {"malloc", "calloc", "realloc", "free"}


# Chunks of at most this many lines never break across a page in the PDF.
KEEP_WHOLE = 12


# In the PDF's code, a use of a chunk is first this word, which any language's
# highlighting leaves whole; book/uselines.py turns it into \chunkuse.
USE_MARK = "CHUNKUSEn%dx"


def compiler_word(name):
    """Names the index leaves out because the book does not define them: noweb's C
    autodefs take `__attribute__((noinline)) void f` as defining `__attribute__`,
    a `typedef` in a test as defining `bool`, and NASM's `equ` as a definition;
    names the compiler reserves (two underscores), keywords, the C library's types
    and one- or two-letter names (loop variables, parameters) are never entries."""
    return name.startswith("__") or name in NOT_OURS or len(name) <= 2


C_NOISE = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
NASM_NOISE = re.compile(r';[^\n]*|"[^"\n]*"|\'[^\'\n]*\'|`[^`\n]*`')
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def code_words(text, lang):
    """The names a chunk's code mentions: in C, every word outside comments,
    strings and character constants; in NASM, every word of an operand (an
    instruction's mnemonic and a line's own label are not uses)."""
    if lang == "c":
        return WORD.findall(C_NOISE.sub(" ", text))
    words = []
    for line in NASM_NOISE.sub(" ", text).split("\n"):
        line = re.sub(r"^\s*[A-Za-z_.][\w.]*:", " ", line)     # a label
        parts = line.split(None, 1)          # a mnemonic or directive, and the rest
        if len(parts) == 2:
            words += WORD.findall(parts[1])
    return words


def render_quote(parts):
    """[[code]] in prose: inline code, with chunk names as links."""
    if all(p[0] == "text" for p in parts):
        text = "".join(p[1] for p in parts)
        ticks = "``" if "`" in text else "`"
        pad = " " if "`" in text else ""
        return "%s%s%s%s%s" % (ticks, pad, text, pad, ticks)
    out = []
    for p in parts:
        if p[0] == "text":
            if p[1].strip():
                out.append("`%s`" % p[1])
        else:
            out.append(("USE", p[1], p[2]))
    return out


class Book:
    def __init__(self, chapters, by_label, identifiers, chunk_index, chapter_files):
        self.chapters, self.by_label = chapters, by_label
        self.identifiers, self.chunk_index = identifiers, chunk_index
        self.lang = self.languages(chapter_files)
        self.find_uses()
        self.errors = []
        self.use_marks = []     # (name in TeX, label) of each use marked in the PDF's code
        self.uses_by_name = {name: uses for name, _, uses in chunk_index}
        for ch in chapters:
            for kind, item in ch.items:
                if kind == "docs":
                    text = "".join(p for p in item if isinstance(p, str))
                    m = re.search(r"^#\s+(.+)$", text, re.M)
                    if m:
                        ch.title = m.group(1).strip()
                    break

    def languages(self, chapter_files):
        defs, uses = nw.parse(chapter_files)
        users = {}
        for chunks in defs.values():
            for c in chunks:
                for line in c.body:
                    for kind, text, _ in line:
                        if kind == "use":
                            users.setdefault(text, set()).add(c.name)
        lang = {}

        def root_ext(name, seen=()):
            if name not in users:
                return os.path.splitext(name)[1]
            for u in sorted(users[name]):
                if u not in seen:
                    ext = root_ext(u, seen + (name,))
                    if ext:
                        return ext
            return ""
        def roots(name, seen=()):
            if name not in users:
                return {name}
            return set().union(*[roots(u, seen + (name,)) for u in sorted(users[name])
                                 if u not in seen] or [set()])
        self.roots = {}
        for name in defs:
            lang[name] = LANG.get(root_ext(name), "default")
            self.roots[name] = roots(name)
        return lang

    def find_uses(self):
        """An identifier's uses, counted as a reader would: noweb counts every
        chunk whose text holds the word, so NASM's `add` instruction "used" a C
        function named add and a comment's "nothing" used a variable. A use here
        is the name in a C chunk's code, or in a NASM chunk's operands, outside
        comments and string literals. A name is seen only where its definition
        is: not in a chapter before the one that defines it, and, if every
        definition is `static`, only in the files the defining chunks go to (so
        a parameter `state` in chapter 3 is not a use of the keyboard's); a
        struct's tag is used only where `struct` precedes it."""
        def text_of(c):
            return "\n".join("".join(p[1] for p in line if p[0] == "text") for line in c.lines)
        wanted = {n for n, e in self.identifiers.items() if e["defs"]}
        scope = {}
        for name in wanted:
            chunks = [self.by_label[l] for l in self.identifiers[name]["defs"]
                      if l in self.by_label]
            static = chunks and all(re.search(r"\bstatic\b[^;{}()=]*\b%s\b" % re.escape(name),
                                              text_of(c)) for c in chunks)
            files = set().union(*[self.roots.get(c.name, set()) for c in chunks] or [set()])
            first = min([c.chapter.number for c in chunks] or [0])
            tag = chunks and all(re.search(r"\b(struct|union|enum)\s+%s\s*\{" % re.escape(name),
                                           text_of(c)) for c in chunks)
            scope[name] = (first, files if static else None,
                           re.compile(r"\b(struct|union|enum)\s+%s\b" % re.escape(name))
                           if tag else None)
        for e in self.identifiers.values():
            e["uses"] = []
        for label, c in self.by_label.items():
            lang = self.lang.get(c.name)
            if lang not in ("c", "nasm"):
                continue
            for name in sorted(set(code_words(text_of(c), lang)) & wanted):
                first, files, tag = scope[name]
                if c.chapter.number < first or tag and not tag.search(text_of(c)):
                    continue
                if files is not None and not files & self.roots.get(c.name, set()):
                    continue
                self.identifiers[name]["uses"].append(label)

    def href(self, label, from_chapter):
        c = self.by_label.get(label)
        if c is None:
            return "#"
        page = "" if c.chapter is from_chapter else c.chapter.slug + ".html"
        return "%s#%s" % (page, label)

    def number(self, label):
        """A chunk's label in the HTML book: the printed book's (page and letter,
        233a) once book/labels.py has read them from the PDF's build, which
        book/linkcode.py puts in; until then the chapter and the chunk's place
        in it (10.56)."""
        c = self.by_label.get(label)
        return '<span class="cl" data-chunk="%s">%s</span>' % (label, c.number) if c else "?"

    def name_of(self, label):
        c = self.by_label.get(label)
        return c.name if c else "?"

    # ------------------------------------------------------------ prose

    def chunk_link_inline(self, name, label, ch):
        h = raw_html('<a class="chunkref" href="%s">&#10216;%s&#10217;</a>'
                     % (self.href(label, ch), html.escape(name)))
        t = raw_latex(r"\chunkref{%s}{%s}" % (tex(name), label or ""))
        return h + t

    # ------------------------------------------------------------ code

    def code(self, ch, c):
        lang = self.lang.get(c.name, "default")
        first = self.by_label.get(c.prev) is None
        sign = "&#8801;" if first else "+&#8801;"
        root_note = ' <span class="root">(a file)</span>' if c.root and nw.is_file_root(c.name) else ""
        out = []
        out.append("```{=html}\n<div class=\"chunk\" id=\"%s\"><div class=\"chunk-head\">"
                   "<a class=\"chunk-number\" href=\"#%s\">%s</a> "
                   "<span class=\"chunk-name\">&#10216;%s&#10217;</span> %s%s</div>\n```\n"
                   % (c.label, c.label, self.number(c.label), html.escape(c.name), sign, root_note))
        # A short chunk is kept whole on its page; a long one starts where at
        # least a few of its lines fit and breaks across the page, with a
        # "continued" mark (book/preamble.tex): moving a 30-line chunk whole to
        # the next page left a third of a page empty.
        need = len(c.lines) + 4 if len(c.lines) <= KEEP_WHOLE else 9
        out.append("```{=latex}\n\\Needspace*{%d\\baselineskip}\\chunkhead{%s}{%s}{%s}\n```\n"
                   % (need, c.label, tex(c.name), "" if first else "+"))
        segment = []
        has_uses = any(p[0] == "use" for line in c.lines for p in line)
        # HTML: code segments, and a line of links for each line that uses a
        # chunk. PDF: one box for the whole chunk, the uses marked in its text
        # (USE_MARK) and replaced by book/uselines.py once pandoc has written it.
        only = " .html-only" if has_uses else ""
        pdf_lines = []

        def flush():
            if segment:
                fence = "~" * max(4, max((len(m) for m in re.findall(r"~+", "\n".join(segment))), default=0) + 1)
                out.append("%s {.%s%s}\n%s\n%s\n" % (fence, lang, only, "\n".join(segment), fence))
                segment.clear()
        for line in c.lines:
            if any(p[0] == "use" for p in line):
                flush()
                hparts, tparts = [], []
                for p in line:
                    if p[0] == "text":
                        hparts.append(html.escape(p[1]))
                        tparts.append(p[1])
                    else:
                        hparts.append('<a class="chunkref" href="%s">&#10216;%s&#10217;</a>'
                                      '<span class="chunkref-number">%s</span>'
                                      % (self.href(p[2], ch), html.escape(p[1]), self.number(p[2])))
                        self.use_marks.append((tex(p[1]), p[2] or ""))
                        tparts.append(USE_MARK % (len(self.use_marks) - 1))
                out.append("```{=html}\n<pre class=\"chunk-use\">%s</pre>\n```\n" % "".join(hparts))
                pdf_lines.append("".join(tparts))
            else:
                segment.append("".join(p[1] for p in line))
                pdf_lines.append(segment[-1])
        flush()
        if has_uses:
            text = "\n".join(pdf_lines)
            fence = "~" * max(4, max((len(m) for m in re.findall(r"~+", text)), default=0) + 1)
            out.append("%s {.%s .latex-only}\n%s\n%s\n" % (fence, lang, text, fence))
        notes_h, notes_t = [], []
        if c.next:
            notes_h.append('continued in <a href="%s">%s</a>' % (self.href(c.next, ch), self.number(c.next)))
            notes_t.append(r"continued in \chunklabel{%s}" % c.next)
        if c.prev:
            first = c.prev          # the chunk's first definition, where its story starts
            while self.by_label.get(first) is not None and self.by_label[first].prev:
                first = self.by_label[first].prev
            notes_h.append('continues <a href="%s">%s</a>' % (self.href(c.prev, ch), self.number(c.prev)))
            notes_t.append(r"continues \chunklabel{%s}" % c.prev)
            if first != c.prev:
                notes_h.append('first defined in <a href="%s">%s</a>'
                               % (self.href(first, ch), self.number(first)))
                notes_t.append(r"first defined in \chunklabel{%s}" % first)
        uses = c.uses or self.uses_by_name.get(c.name, [])
        if uses:
            links = ", ".join('<a href="%s">%s</a>' % (self.href(u, ch), self.number(u)) for u in uses)
            notes_h.append("used in " + links)
            notes_t.append("used in " + ", ".join(r"\chunklabel{%s}" % u for u in uses))
        elif c.root:
            if nw.is_file_root(c.name):
                what = "written to the file %s" % c.name
            elif c.name.startswith(nw.LAB_STUB_PREFIX):
                what = "a lab's starter code: in a student's tree, it replaces %s" % c.name[
                    len(nw.LAB_STUB_PREFIX):]
            else:
                what = "an example, not compiled"
            notes_h.append(html.escape(what))
            notes_t.append(tex(what))
        if c.defines:
            notes_h.append("defines " + ", ".join(
                '<a href="identifiers.html#id-%s"><code>%s</code></a>' % (ident_id(d), html.escape(d))
                for d in c.defines))
            notes_t.append("defines " + ", ".join(r"\texttt{%s}" % tex_name(d) for d in c.defines))
        out.append("```{=html}\n<div class=\"chunk-foot\">%s</div></div>\n```\n" % "; ".join(notes_h))
        out.append("```{=latex}\n\\chunkfoot{%s}\n```\n" % "; ".join(notes_t))
        return "\n".join(out)

    # ------------------------------------------------------------ pages

    # A chapter is named by its label, the file name without the number:
    # {chapter:paging} is "chapter 9", {Chapter:paging} starts a sentence, and
    # {n:paging} is the number alone ("chapters {n:paging} and ..."). Each is a
    # link, resolved here, so that moving a chapter renumbers every mention.
    CHAPTER_REF = re.compile(r"\{(chapter|Chapter|n):([a-z0-9-]+)\}")
    HARD_CODED = re.compile(r"\b[Cc]hapters?\s+\d+")

    def where(self, ch, text):
        """FILE:LINE of the first line of a chapter that holds text."""
        words = text.split()
        with open(ch.path) as f:
            for number, line in enumerate(f, 1):
                if words and words[0] in line and " ".join(line.split()).find(
                        " ".join(words[:2])) >= 0:
                    return "%s:%d" % (ch.path, number)
        return ch.path

    def chapter_label(self, c):
        return c.slug.split("-", 1)[1]

    def chapter_refs(self, text, ch):
        """Resolve {chapter:LABEL} in prose; refuse a chapter number written out."""
        for m in self.HARD_CODED.finditer(re.sub(r"`[^`]*`", "", text)):
            self.errors.append("%s: the prose says '%s': name the chapter by its label, "
                               "{chapter:LABEL} (a chapter of another work: by its title)"
                               % (self.where(ch, m.group(0)), m.group(0)))
        labels = {self.chapter_label(c): c for c in self.chapters}

        plain = False

        def one(m):
            c = labels.get(m.group(2))
            if c is None:
                self.errors.append("%s: {%s:%s} names no chapter; the labels are %s"
                                   % (self.where(ch, m.group(0)), m.group(1), m.group(2),
                                      ", ".join(sorted(labels))))
                return m.group(0)
            words = {"chapter": "chapter ", "Chapter": "Chapter ", "n": ""}[m.group(1)]
            page = "" if c is ch else c.slug + ".html"
            if plain:                   # inside a code block: words, no link
                return "%s%d" % (words, c.number)
            return (raw_html('<a class="chapref" href="%s#ch-%s">%s%d</a>'
                             % (page, m.group(2), words, c.number)) +
                    raw_latex(r"\hyperref[ch-%s]{%s%d}" % (m.group(2), words.replace(" ", "~"),
                                                         c.number)))
        out = []
        for line in text.splitlines(keepends=True):
            plain = line.startswith("    ")      # an indented code block
            out += [part if part.startswith("`") and not plain else
                    self.CHAPTER_REF.sub(one, part)
                    for part in re.split(r"(`[^`]*`)", line)]
        return "".join(out)

    def unclosed_brackets(self, text, ch):
        """Refuse a `[` that no `]` closes in its paragraph, such as the range
        [66, 68): pandoc 2.17 then looks for the bracket's end through the rest
        of the document, and the book, read as one, takes 50 s instead of 4."""
        text = re.sub(r"(?ms)^(```|~~~).*?^\1[^\n]*$", "", text)   # fenced code
        for para in re.split(r"\n\s*\n", text):
            if all(line.startswith(("    ", "\t")) for line in para.split("\n") if line):
                continue                                          # indented code
            plain = re.sub(r"\\.", "", re.sub(r"`[^`]*`(\{=[a-z]+\})?", "", para))
            opened = []
            for i, c in enumerate(plain):
                if c == "[":
                    opened.append(i)
                elif c == "]" and opened:
                    opened.pop()
            for i in opened:
                words = plain[i:i + 30].split("\n")[0]
                self.errors.append("%s: the prose opens '%s' with a bracket that nothing "
                                   "closes: write \\[ for a bracket that stays open"
                                   % (self.where(ch, words), words))

    def render_docs(self, pieces, ch):
        """Prose is Markdown already; quoted chunk names become links."""
        out = []
        for piece in pieces:
            if isinstance(piece, str):
                out.append(self.chapter_refs(piece, ch))
                continue
            for part in piece:
                if isinstance(part, str):
                    out.append(self.chapter_refs(part, ch))
                else:
                    if part[2] not in self.by_label:
                        self.errors.append("%s: the prose names <<%s>>, which is never defined"
                                           % (ch.path, part[1]))
                    out.append(self.chunk_link_inline(part[1], part[2], ch))
        self.unclosed_brackets("".join(out), ch)
        return self.apostrophes("".join(out))

    @staticmethod
    def apostrophes(text):
        """An apostrophe right after code (`wc`'s, or a chapter's link) is one:
        pandoc's smart quotes would take it for an opening quote."""
        parts = re.split(r"(`[^`\n]*`(?:\{=[a-z]+\})?)", text)
        for i in range(2, len(parts), 2):
            if re.match(r"'[a-z]", parts[i]):
                parts[i] = "\u2019" + parts[i][1:]
        return "".join(parts)

    def identifiers_json(self):
        """Where each identifier the index lists is defined, for book/linkcode.py."""
        where = {}
        for name, entry in sorted(self.identifiers.items()):
            if name in LIBC_NAMES:      # the recorder's stand-ins, not the C library
                continue
            where[name] = ["%s.html#%s" % (self.by_label[l].chapter.slug, l)
                           for l in entry["defs"] if l in self.by_label]
        return json.dumps(where, indent=0, sort_keys=True)

    def identifiers_markdown(self):
        out = ["# Index of identifiers {#identifiers .unnumbered}\n",
               "Every name the book's code defines, with the chunks that define it and "
               "then, after *used*, the chunks that use it.\n"]
        html_rows, tex_rows, letters = [], [], []
        for name in sorted(self.identifiers, key=lambda s: (s.lstrip("_").lower(), s)):
            defs = self.identifiers[name]["defs"]
            uses = [l for l in self.identifiers[name]["uses"] if l not in defs]
            if not defs:
                continue

            def html_links(labels):
                return ", ".join('<a href="%s">%s</a>' % (self.href(l, None), self.number(l))
                                 for l in labels)

            def tex_pages(labels):
                pages = []
                for l in labels:
                    if r"\chunklabel{%s}" % l not in pages:
                        pages.append(r"\chunklabel{%s}" % l)
                return ", ".join(pages)
            letter = name.lstrip("_")[:1].upper()
            if letter not in letters:
                letters.append(letter)
                html_rows.append('</ul>\n<h2 class="index-letter" id="letter-%s">%s</h2>\n'
                                 '<ul class="identifiers">' % (letter, letter))
                tex_rows.append(r"\identletter{%s}" % letter)
            html_rows.append('<li id="id-%s"><code>%s</code>: %s%s</li>' % (
                ident_id(name), html.escape(name), html_links(defs),
                "; <i>used</i> " + html_links(uses) if uses else ""))
            tex_rows.append(r"\identry{%s}{%s%s}" % (
                tex_name(name), tex_pages(defs),
                r"; \textit{used} " + tex_pages(uses) if uses else ""))
        out.append("```{=latex}\n\\markboth{Index of identifiers}{Index of identifiers}\n```\n")
        nav = " ".join('<a href="#letter-%s">%s</a>' % (l, l) for l in letters)
        out.append("```{=html}\n<nav class=\"index-letters\" aria-label=\"Index by first letter\">"
                   "%s</nav>\n%s\n</ul>\n```\n"
                   % (nav, "\n".join(html_rows)[len("</ul>\n"):]))
        out.append("```{=latex}\n\\begin{identindex}\n%s\n\\end{identindex}\n```\n" % "\n".join(tex_rows))
        return "\n".join(out)

    def chunks_markdown(self):
        out = ["# Index of chunks {#chunks .unnumbered}\n",
               "Every named chunk, where it is defined and where it is used.\n"]
        html_rows, tex_rows = [], []
        for name, defs, uses in sorted(self.chunk_index, key=lambda e: e[0].lower()):
            if not defs:
                continue
            d = ", ".join('<a href="%s">%s</a>' % (self.href(l, None), self.number(l)) for l in defs)
            u = ", ".join('<a href="%s">%s</a>' % (self.href(l, None), self.number(l)) for l in uses)
            html_rows.append('<li>&#10216;%s&#10217; %s%s</li>' % (html.escape(name), d, "; used in " + u if u else ""))
            tex_rows.append(r"\chunkentry{%s}{%s}{%s}" % (
                tex(name), ", ".join(r"\chunklabel{%s}" % l for l in defs),
                ", ".join(r"\chunklabel{%s}" % l for l in uses)))
        out.append("```{=latex}\n\\markboth{Index of chunks}{Index of chunks}\n```\n")
        out.append("```{=html}\n<ul class=\"chunk-index\">\n%s\n</ul>\n```\n" % "\n".join(html_rows))
        out.append("```{=latex}\n\\begin{identindex}\n%s\n\\end{identindex}\n```\n" % "\n".join(tex_rows))
        return "\n".join(out)


def glossary_markdown(book, path="book/glossary.txt"):
    """The glossary: each term of book/glossary.txt with its definition and a link
    to the chapter that first defines it, the first chapter whose prose has the
    term in italics (singular or plural). A term no chapter defines is an error:
    the glossary must not explain what the book never does."""
    rows_h, rows_t = [], []
    with open(path) as f:
        entries = [l.split("|", 1) for l in f if l.strip() and not l.startswith("#")]
    seen = set()
    for term, definition in sorted(entries, key=lambda e: e[0].strip().lower()):
        term, definition = term.strip(), definition.strip()
        if term.lower() in seen:
            book.errors.append("%s: the glossary defines '%s' twice" % (path, term))
        seen.add(term.lower())
        italic = re.compile(r"\*%ss?\*" % re.escape(term), re.I)
        where = None
        for ch in book.chapters:
            docs = "".join(p for kind, item in ch.items if kind == "docs"
                           for p in item if isinstance(p, str))
            if italic.search(docs):
                where = ch
                break
        if where is None:
            book.errors.append("%s: the glossary's '%s' is defined (in italics) in no chapter"
                               % (path, term))
            continue
        label = book.chapter_label(where)
        parts = re.split(r"`([^`]*)`", definition)      # odd parts were `code`
        d_html = "".join("<code>%s</code>" % html.escape(p) if i % 2 else html.escape(p)
                         for i, p in enumerate(parts))
        d_tex = "".join(r"\texttt{%s}" % tex(p) if i % 2 else tex(p)
                        for i, p in enumerate(parts))
        rows_h.append('<dt id="term-%s">%s</dt><dd>%s (<a href="%s.html">chapter %d</a>)</dd>'
                      % (ident_id(term), html.escape(term), d_html, where.slug, where.number))
        rows_t.append(r"\item[%s] %s (\hyperref[ch-%s]{chapter~%d})"
                      % (tex(term), d_tex, label, where.number))
    return "\n".join([
        "# Glossary {#glossary .unnumbered}\n",
        "The terms the book defines, each with the chapter that first explains it.\n",
        "```{=latex}\n\\markboth{Glossary}{Glossary}\n```\n",
        "```{=html}\n<dl class=\"glossary\">\n%s\n</dl>\n```\n" % "\n".join(rows_h),
        "```{=latex}\n\\begin{description}\n%s\n\\end{description}\n```\n"
        % "\n".join(rows_t)])


def start_of_part(ch, text):
    """A chapter that opens a part says so in its first line, {part:NAME}: the
    PDF gets a part page there, and book.json tells the HTML contents."""
    ch.part = None
    m = re.match(r"\s*\{part:([^}]+)\}\s*\n", text)
    if not m:
        return text
    ch.part = m.group(1).strip()
    return "```{=latex}\n\\part{%s}\n```\n\n%s" % (tex(ch.part), text[m.end():])


def ident_id(name):
    return re.sub(r"[^A-Za-z0-9_-]", "-", name)


def write_if_changed(path, text):
    """Leave an unchanged file alone, so that make rebuilds only the pages whose
    Markdown changed: a prose edit in one chapter remakes one HTML page."""
    try:
        with open(path) as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    with open(path, "w") as f:
        f.write(text)


def weave_page(md_dir, source, target):
    """A hand-written page of the book (the bibliography): its {chapter:LABEL}
    references resolved like the chapters' own, from book.json."""
    with open(os.path.join(md_dir, "book.json")) as f:
        chapters = {c["slug"].split("-", 1)[1]: c for c in json.load(f)}
    with open(source) as f:
        text = f.read()
    errors = []

    def one(m):
        c = chapters.get(m.group(2))
        if c is None:
            errors.append("%s: {%s:%s} names no chapter" % (source, m.group(1), m.group(2)))
            return m.group(0)
        words = {"chapter": "chapter ", "Chapter": "Chapter ", "n": ""}[m.group(1)]
        return (raw_html('<a class="chapref" href="%s.html">%s%d</a>'
                         % (c["slug"], words, c["number"])) +
                raw_latex(r"\hyperref[ch-%s]{%s%d}" % (m.group(2), words.replace(" ", "~"),
                                                     c["number"])))
    for m in Book.HARD_CODED.finditer(text):
        errors.append("%s: '%s': name the chapter by its label" % (source, m.group(0)))
    text = Book.CHAPTER_REF.sub(one, text)
    if errors:
        die("\n".join(errors))
    write_if_changed(target, text)


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "--page":
        weave_page(*sys.argv[2:])
        return
    if len(sys.argv) < 2:
        die("usage: weave.py OUTDIR  (as a noweave backend)")
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    chapters, by_label, identifiers, chunk_index = parse_pipeline(sys.stdin)
    book = Book(chapters, by_label, identifiers, chunk_index, [c.path for c in chapters])
    errors = []
    for ch in chapters:
        text = "".join(book.render_docs(item, ch) if kind == "docs"
                       else "\n" + book.code(ch, item) + "\n" for kind, item in ch.items)
        text = re.sub(r"^(# .+?)\s*$", r"\1 {#ch-%s}" % book.chapter_label(ch), text,
                      count=1, flags=re.M)
        text = start_of_part(ch, text)
        write_if_changed(os.path.join(outdir, ch.slug + ".md"), text)
        for kind, item in ch.items:
            if kind == "code":
                for line in item.lines:
                    for p in line:
                        if p[0] == "use" and p[2] not in by_label:
                            errors.append("%s: chunk %s uses <<%s>>, which is never defined"
                                          % (ch.path, item.number, p[1]))
    glossary = glossary_markdown(book)
    errors += book.errors
    if errors:
        die("\n".join(errors))
    write_if_changed(os.path.join(outdir, "glossary.md"), glossary)
    write_if_changed(os.path.join(outdir, "identifiers.md"), book.identifiers_markdown())
    write_if_changed(os.path.join(outdir, "identifiers.json"), book.identifiers_json())
    write_if_changed(os.path.join(outdir, "uses.json"), json.dumps(book.use_marks, indent=0))
    write_if_changed(os.path.join(outdir, "chunks.md"), book.chunks_markdown())
    meta = [{"slug": c.slug, "title": c.title, "number": c.number, "part": c.part}
            for c in chapters]
    write_if_changed(os.path.join(outdir, "book.json"), json.dumps(meta, indent=1))


if __name__ == "__main__":
    main()
