#!/usr/bin/env python3
"""The book's tangling tool: noweb plus the checks noweb does not make.

  nw.py check CHAPTER...                 undefined chunks and stray roots, with file:line
  nw.py tangle --out DIR [--guard] [--debug DIR] [--map FILE] [--agreed DIR] CHAPTER...
  nw.py mapdiag MAPFILE                  rewrite diagnostics on stdin to chapter lines
  nw.py where MAPFILE FILE LINE          which chapter line made FILE:LINE

Chapter 1 of the book explains why each of these exists.
"""
import atexit
import difflib
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

MARKUP = "/usr/lib/noweb/markup"
NT = "/usr/lib/noweb/nt"
FILE_ROOT = re.compile(r"^[A-Za-z0-9_.+-]+(/[A-Za-z0-9_.+-]+)*$")
EXAMPLE_PREFIX = "example:"
LAB_STUB_PREFIX = "lab stub: "     # a lab's starter code, used in a student's tree
MANIFEST = "MANIFEST.sha256"


def die(msg):
    sys.stderr.write(msg.rstrip("\n") + "\n")
    sys.exit(1)


def rel(path):
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


# ---------------------------------------------------------------- parsing

class Chunk:
    """One definition of a chunk: `<<name>>=` in FILE at LINE."""

    def __init__(self, name, file, line):
        self.name, self.file, self.line = name, file, line
        self.body = []  # list of lines; a line is a list of (kind, text, srcline)


_MARKUP_CACHE = {}


def markup(chapters, tabs=False):
    """noweb's own parser; notangle is this piped into nt."""
    key = (tuple(chapters), tabs)
    if key not in _MARKUP_CACHE:
        cmd = [MARKUP] + (["-t"] if tabs else []) + list(chapters)
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            die("noweb could not parse %s:\n%s" % (" ".join(chapters), proc.stderr))
        _MARKUP_CACHE[key] = proc.stdout
    return _MARKUP_CACHE[key]


def parse(chapters):
    """Collect chunk definitions and uses from noweb's markup of the chapters."""
    defs, uses = {}, []
    path, line, chunk, cur = None, 1, None, None
    for raw in markup(chapters).split("\n"):
        kw, _, arg = raw.partition(" ")
        if kw == "@file":
            path, line, chunk, cur = arg, 1, None, None
        elif kw == "@nl":
            if chunk is not None and cur is not None:
                chunk.body.append(cur)
                cur = []
            elif chunk is not None:
                cur = []  # the newline that ends the `<<name>>=` line
            line += 1
        elif kw == "@index" and arg == "nl":
            line += 1  # the `@ %def ...` line that ends a code chunk
        elif kw == "@begin" and arg.startswith("code"):
            chunk, cur = "pending", None
        elif kw == "@defn":
            chunk = Chunk(arg, path, line)
            defs.setdefault(arg, []).append(chunk)
            cur = None
        elif kw == "@end" and arg.startswith("code"):
            if chunk not in (None, "pending") and cur:
                chunk.body.append(cur)
            chunk, cur = None, None
        elif chunk not in (None, "pending") and cur is not None:
            if kw == "@text":
                cur.append(("text", arg, line))
            elif kw == "@use":
                cur.append(("use", arg, line))
                uses.append((arg, path, line))
    return defs, uses


def roots_of(defs, uses):
    used = {name for name, _, _ in uses}
    return [name for name in defs if name not in used]


def is_file_root(name):
    return bool(FILE_ROOT.match(name)) and ("/" in name or "." in name)


def check(chapters):
    """Every use must have a definition; every root must be a file or an example."""
    defs, uses = parse(chapters)
    errors = []
    names = list(defs)
    for name, path, line in uses:
        if name not in defs:
            hint = difflib.get_close_matches(name, names, 1, 0.6)
            errors.append("%s:%d: error: chunk <<%s>> is used but never defined%s"
                          % (path, line, name,
                             "; did you mean <<%s>>?" % hint[0] if hint else ""))
    used_names = sorted({n for n, _, _ in uses if n in defs})
    for name in roots_of(defs, uses):
        if is_file_root(name) or name.startswith((EXAMPLE_PREFIX, LAB_STUB_PREFIX)):
            continue
        first = defs[name][0]
        hint = difflib.get_close_matches(name, [n for n, _, _ in uses], 1, 0.6)
        errors.append("%s:%d: error: chunk <<%s>> is defined but reaches no file "
                      "(name a file, start it with '%s', or use it)%s"
                      % (first.file, first.line, name, EXAMPLE_PREFIX,
                         "; did you mean <<%s>>?" % hint[0] if hint else ""))
    errors.sort()
    return defs, uses, errors


# ---------------------------------------------------------------- expansion

def expand(defs, name, stack=()):
    """Expand a chunk the way notangle does, remembering where each line came from.

    Returns a list of [text, file, line] entries, one per output line."""
    if name in stack:
        first = defs[name][0]
        die("%s:%d: error: chunk <<%s>> uses itself" % (first.file, first.line, name))
    out = []
    for chunk in defs[name]:
        for srcline in chunk.body:
            line = ["", chunk.file, srcline[0][2] if srcline else chunk.line + 1]
            if not srcline:
                line[2] = None
            pending = [line]
            for kind, text, lno in srcline:
                cur = pending[-1]
                if kind == "text":
                    cur[0] += text
                    if cur[2] is None:
                        cur[2] = lno
                else:
                    indent = " " * len(cur[0].expandtabs())
                    inner = expand(defs, text, stack + (name,))
                    if not inner:
                        continue
                    prefix = cur[0]
                    cur[0] = prefix + inner[0][0]
                    cur[1], cur[2] = inner[0][1], inner[0][2]
                    for sub in inner[1:]:
                        body = sub[0]
                        pending.append([(indent + body) if body else body,
                                        sub[1], sub[2]])
            for entry in pending:
                if entry[2] is None:
                    entry[2] = chunk.line + 1
            out.extend(pending)
    return out


COMMENT = {".c": ("/* ", " */"), ".h": ("/* ", " */"), ".ld": ("/* ", " */"),
           ".asm": ("; ", ""), ".S": ("/* ", " */"), ".py": ("# ", ""),
           ".sh": ("# ", ""), ".check": ("# ", ""), ".cfg": ("# ", ""),
           ".mk": ("# ", ""), ".keys": ("# ", "")}


def header(name, lines):
    chapters = []
    for _, f, _ in lines:
        if f not in chapters:
            chapters.append(f)
    ext = os.path.splitext(name)[1]
    if ext not in COMMENT:
        return []
    open_, close = COMMENT[ext]
    first = chapters[0] if chapters else "?"
    text = "Tangled from %s" % first
    if len(chapters) > 1:
        text += " (with %s)" % ", ".join(os.path.basename(c) for c in chapters[1:])
    text += ". Edit the chapter, not this file."
    return [open_ + text + close]


_MARKUP_FILES = {}


def markup_file(chapters, tabs):
    """The markup in a temporary file, so that each nt reads it straight from
    the file instead of through a pipe this process has to feed."""
    key = (tuple(chapters), tabs)
    if key not in _MARKUP_FILES:
        f = tempfile.NamedTemporaryFile("w", prefix="nw-markup-", delete=False)
        f.write(markup(chapters, tabs))
        f.close()
        atexit.register(os.remove, f.name)
        _MARKUP_FILES[key] = f.name
    return _MARKUP_FILES[key]


def notangle(chapters, name, lined):
    """Exactly what `notangle [-L] -Rname chapters` runs, with markup run once."""
    cmd, tabs = [NT, "-R" + name], False
    if lined and name.endswith(".asm"):
        cmd, tabs = cmd + ["-t", "-L%%line %-1L+1 %F%N"], True
    elif lined and name.endswith((".c", ".h")):
        cmd, tabs = cmd + ["-t", "-L"], True
    with open(markup_file(chapters, tabs)) as source:
        proc = subprocess.run(cmd, stdin=source, capture_output=True, text=True)
    if proc.returncode != 0:
        die("notangle failed for <<%s>>:\n%s" % (name, proc.stderr))
    return proc.stdout


def write_if_changed(path, text):
    """Leave an unchanged file untouched, as noweb's cpif does, so that make
    rebuilds nothing for it; write a changed one through a new file renamed
    over the old, so that no reader ever sees half of it."""
    try:
        with open(path) as f:
            if f.read() == text:
                return False
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path + ".new", "w") as f:
        f.write(text)
    os.replace(path + ".new", path)
    return True


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def read_manifest(outdir):
    entries = {}
    try:
        with open(os.path.join(outdir, MANIFEST)) as f:
            for row in f:
                digest, _, path = row.rstrip("\n").partition("  ")
                entries[path] = digest
    except FileNotFoundError:
        pass
    return entries


def explain_edit(outdir, name, fresh, current, linemap):
    """Show a hand edit and say which chapter lines to change."""
    target = os.path.join(outdir, name)
    diff = list(difflib.unified_diff(fresh.splitlines(), current.splitlines(),
                                     "fresh tangle of the chapters",
                                     "%s (edited by hand)" % rel(target),
                                     lineterm="", n=2))
    msg = ["tangle: %s was edited by hand since it was last tangled;" % rel(target),
           "        tangling would overwrite the edit, so nothing was written.", ""]
    msg += ["    " + d for d in diff[:60]]
    if len(diff) > 60:
        msg.append("    ... (%d more diff lines)" % (len(diff) - 60))
    places = []
    for d in diff:
        m = re.match(r"@@ -(\d+)(?:,(\d+))?", d)
        if m:
            start, count = int(m.group(1)), int(m.group(2) or 1)
            for lno in range(start, start + max(count, 1)):
                src = linemap.get(name, [])
                if 0 < lno <= len(src) and src[lno - 1]:
                    where = "%s:%d" % tuple(src[lno - 1])
                    if where not in places:
                        places.append(where)
    msg += ["", "To keep the edit, make the same change in the chapter, at:"]
    msg += ["    " + p for p in places[:12]] or ["    (the chapter that defines this file)"]
    msg += ["  then run `make tangle` again.",
            "To throw the edit away: rm %s && make tangle" % rel(target)]
    return "\n".join(msg)


def reaches(defs, name, text):
    """A digest of all that notangle's output for NAME depends on (the
    definitions, in order, of every chunk it reaches) and of our expansion of
    it: when two chapters' trees give the same digest, notangle agreed for one
    and so agrees for the other."""
    seen, todo = set(), [name]
    while todo:
        n = todo.pop()
        if n not in seen:
            seen.add(n)
            todo += [t for chunk in defs.get(n, []) for srcline in chunk.body
                     for kind, t, _ in srcline if kind == "use"]
    bodies = ["%s\0%r" % (n, [chunk.body for chunk in defs.get(n, [])]) for n in sorted(seen)]
    return sha("\0".join([name, text] + bodies))


def tangle(chapters, outdir, guard, debugdir, mapfile, agreed=None):
    defs, uses, errors = check(chapters)
    if errors:
        die("\n".join(errors) + "\ntangle: %d error(s); nothing was written" % len(errors))
    files = sorted(n for n in roots_of(defs, uses) if is_file_root(n))
    produced, linemap = {}, {}
    # Our expansion (which knows where every line came from) must equal
    # notangle's.  Expansions notangle already confirmed are remembered, so an
    # edit runs notangle only for the files it changed; so is every file of
    # tangle/ as its manifest records it (a verified tangle wrote it). With
    # --agreed DIR, so is every agreement of any tree, by what the file
    # depends on (reaches): the chapters' trees share most of their files.
    verified_path = mapfile + ".verified" if mapfile else None
    verified = set()
    if verified_path and os.path.exists(verified_path):
        with open(verified_path) as f:
            verified = set(f.read().split())
    manifest = read_manifest(outdir) if guard else {}
    confirmed, unverified = set(), []
    for name in files:
        lines = expand(defs, name)
        head = header(name, lines)
        text = "".join(l[0] + "\n" for l in lines)
        key = sha(name + "\0" + text)
        produced[name] = "".join(h + "\n" for h in head) + text
        if key not in verified and manifest.get(name) != sha(produced[name]):
            agreement = agreed and os.path.join(agreed, reaches(defs, name, text))
            if not (agreement and os.path.exists(agreement)):
                unverified.append((name, text, agreement))
        confirmed.add(key)
        linemap[name] = [None] * len(head) + [[l[1], l[2]] for l in lines]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        theirs = pool.map(lambda item: notangle(chapters, item[0], lined=False), unverified)
        for (name, text, agreement), their_text in zip(unverified, theirs):
            if text != their_text:
                die("nw.py: internal error: expansion of <<%s>> differs from notangle's;"
                    " line mapping would be wrong" % name)
            if agreement:
                os.makedirs(agreed, exist_ok=True)
                open(agreement, "w").close()
    conflicts, removals = [], []
    if guard:
        for name, text in produced.items():
            path = os.path.join(outdir, name)
            if not os.path.exists(path):
                continue
            with open(path) as f:
                current = f.read()
            if current != text and manifest.get(name) != sha(current):
                conflicts.append(explain_edit(outdir, name, text, current, linemap))
        for name, digest in manifest.items():
            if name in produced:
                continue
            path = os.path.join(outdir, name)
            if not os.path.exists(path):
                continue
            with open(path) as f:
                current = f.read()
            if sha(current) != digest:
                conflicts.append("tangle: %s was edited by hand, and no chapter defines it "
                                 "any more.\n  Move the edit into a chapter, or: rm %s"
                                 % (rel(path), rel(path)))
            else:
                removals.append(path)
        if conflicts:
            die("\n\n".join(conflicts))
    changed = 0
    for name, text in produced.items():
        if write_if_changed(os.path.join(outdir, name), text):
            changed += 1
    for path in removals:
        os.remove(path)
    if guard:
        write_if_changed(os.path.join(outdir, MANIFEST),
                         "".join("%s  %s\n" % (sha(t), n) for n, t in sorted(produced.items())))
    if debugdir:
        for name in files:
            text = notangle(chapters, name, lined=True)
            write_if_changed(os.path.join(debugdir, name), text)
    if mapfile:
        os.makedirs(os.path.dirname(mapfile) or ".", exist_ok=True)
        write_if_changed(verified_path, "".join(k + "\n" for k in sorted(confirmed)))
        data = json.dumps({"root": outdir, "files": linemap})
        write_if_changed(mapfile, data)
    return changed


# ---------------------------------------------------------------- diagnostics

def load_map(mapfile):
    with open(mapfile) as f:
        return json.load(f)


def where(m, name, lno):
    src = m["files"].get(name)
    if src and 0 < lno <= len(src) and src[lno - 1]:
        return src[lno - 1]
    return None


def mapdiag(mapfile):
    """Rewrite `tangle/kernel/x.c:12:5:` into `chapters/03-text.nw:210:5:`; a
    path relative to the tree (`kernel/x.c:12:5:`, as GCC names the files it
    compiles inside the tree) too."""
    try:
        m = load_map(mapfile)
    except (OSError, ValueError):
        sys.stdout.write(sys.stdin.read())
        return
    root = os.path.normpath(m["root"])
    pat = re.compile(r"(?<![^\s\"'`(])((?:[^\s:\"'`]*/)?%s/)?([^\s:\"']+):(\d+)"
                     % re.escape(root))

    def repl(match):
        name, lno = os.path.normpath(match.group(2)), int(match.group(3))
        src = where(m, name, lno)
        if not src:
            return match.group(0)
        return "%s:%d" % (src[0], src[1])

    for line in sys.stdin:
        sys.stdout.write(pat.sub(repl, line))


def main(argv):
    if len(argv) < 2:
        die(__doc__)
    cmd, args = argv[1], argv[2:]
    if cmd == "check":
        _, _, errors = check(args)
        if errors:
            die("\n".join(errors))
    elif cmd == "tangle":
        outdir, guard, debugdir, mapfile, agreed, chapters = None, False, None, None, None, []
        it = iter(args)
        for a in it:
            if a == "--out":
                outdir = next(it)
            elif a == "--guard":
                guard = True
            elif a == "--debug":
                debugdir = next(it)
            elif a == "--map":
                mapfile = next(it)
            elif a == "--agreed":
                agreed = next(it)
            else:
                chapters.append(a)
        if not outdir or not chapters:
            die(__doc__)
        tangle(chapters, outdir, guard, debugdir, mapfile, agreed)
    elif cmd == "mapdiag":
        mapdiag(args[0])
    elif cmd == "where":
        src = where(load_map(args[0]), args[1], int(args[2]))
        print("%s:%d" % tuple(src) if src else "unknown")
    elif cmd == "roots":
        defs, uses = parse(args)
        for n in sorted(roots_of(defs, uses)):
            if is_file_root(n):
                print(n)
    else:
        die(__doc__)


if __name__ == "__main__":
    main(sys.argv)
