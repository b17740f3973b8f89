#!/usr/bin/env python3
"""Labs: pieces of the kernel that a student writes, cut from the chapters.

  lab.py list                     one line per lab, its name first
  lab.py student NAME DIR         write a student's tree for lab NAME into DIR
  lab.py autograder NAME DIR      the same, with Gradescope's setup.sh and
                                  run_autograder, and zipped as DIR.zip
  lab.py chapters NAME DIR [MISTAKE]
                                  only the chapters, as the student gets them
                                  (MISTAKE: the book's chapters with that mistake)

A chapter declares a lab with a file chunk <<labs/NAME.lab>> (the assignment's
facts and its graded tests), names the chunks that are the hole, and gives each
hole's starter code in a chunk <<lab stub: HOLE>>. A student's chapters have
the stub's body in the hole's first definition, and nothing of the hole's other
definitions. <<labs/NAME.mistakes>> lists plausible wrong solutions, each a
one-line replacement in a hole; the tests grade each and expect it to lose
points. Chapter 1 of the book describes the format.
"""
import os
import re
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STUB = "lab stub: "
DEFINITION = re.compile(r"^<<(.+)>>=\s*$")
SPEC_KEYS = ("title", "difficulty", "hours", "hole", "test", "read")
DIFFICULTIES = ("easy", "moderate", "hard")
KINDS = ("host", "ktest", "boot")


class LabError(Exception):
    pass


def chapter_files(root):
    folder = os.path.join(root, "chapters")
    return sorted(os.path.join(folder, f) for f in os.listdir(folder)
                  if re.match(r"\d\d-.*\.nw$", f))


def chapter_number(path):
    return int(os.path.basename(path)[:2])


def is_terminator(line):
    return line == "@" or line.startswith("@ ") or line.startswith("@\t")


def definitions(lines):
    """Every code chunk of a chapter: (name, header index, end index), where
    lines[header + 1:end] is the body and lines[end] the `@` line, if any."""
    found, i = [], 0
    while i < len(lines):
        m = DEFINITION.match(lines[i])
        if not m:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not is_terminator(lines[j]) and not DEFINITION.match(lines[j]):
            j += 1
        found.append((m.group(1), i, j))
        i = j
    return found


class Test:
    def __init__(self, name, points, seconds, kind, target, match):
        self.name, self.points, self.seconds = name, points, seconds
        self.kind, self.target, self.match = kind, target, match

    @property
    def run(self):
        """The run it takes its checks from: one per host test file, and one
        boot of the test kernel for all the kernel tests."""
        return (self.kind, self.target if self.kind == "host" else "")

    @property
    def pattern(self):
        """Which checks of the run count: for a kernel test, the target names
        the tests."""
        return self.match if self.kind == "host" else self.target


class Lab:
    def __init__(self, name, chapter):
        self.name, self.chapter = name, chapter
        self.title, self.difficulty, self.hours = "", "", ""
        self.holes, self.tests, self.read = [], [], []
        self.mistakes = []          # (description, old line, new line)

    @property
    def number(self):
        return chapter_number(self.chapter)

    @property
    def points(self):
        return sum(t.points for t in self.tests)


def joined(body):
    """(number, line) pairs, with indented lines joined to the line before."""
    out = []
    for n, line in enumerate(body, 1):
        if line[:1].isspace() and line.strip() and out:
            out[-1] = (out[-1][0], out[-1][1] + " " + line.strip())
        else:
            out.append((n, line))
    return out


def parse_spec(lab, body, where):
    for n, line in joined(body):
        if not line.strip() or line.startswith("#"):
            continue
        key, sep, value = line.partition(": ")
        if not sep or key not in SPEC_KEYS:
            raise LabError("%s+%d: unknown lab line: %s" % (where, n, line))
        if key == "hole":
            lab.holes.append(value.strip())
        elif key == "read":
            lab.read.append(value.strip())
        elif key == "test":
            fields = [f.strip() for f in value.split(" | ", 4)]
            if len(fields) < 4 or not fields[1].isdigit() or not fields[2].isdigit():
                raise LabError("%s+%d: a test is NAME | POINTS | SECONDS | KIND TARGET"
                               " [| MATCH]: %s" % (where, n, line))
            kind, _, target = fields[3].partition(" ")
            if kind not in KINDS or not target:
                raise LabError("%s+%d: a test's kind is one of %s, with a target"
                               % (where, n, ", ".join(KINDS)))
            lab.tests.append(Test(fields[0], int(fields[1]), int(fields[2]), kind,
                                  target.strip(), fields[4] if len(fields) > 4 else None))
        else:
            setattr(lab, key, value.strip())
    if lab.difficulty not in DIFFICULTIES:
        raise LabError("%s: difficulty must be one of %s" % (where, ", ".join(DIFFICULTIES)))
    if not lab.holes or not lab.tests:
        raise LabError("%s: a lab needs at least one hole and one test" % where)


def parse_mistakes(lab, body, where):
    current = None
    for n, line in enumerate(body, 1):
        key, sep, value = line.partition(": ")
        if key == "mistake" and sep:
            current = [value.strip(), None, None]
            lab.mistakes.append(current)
        elif key in ("replace", "with") and sep and current is not None:
            current[1 if key == "replace" else 2] = value
        elif line.strip():
            raise LabError("%s+%d: a mistake is three lines, 'mistake: ', 'replace: ' "
                           "and 'with: ': %s" % (where, n, line))
    for m in lab.mistakes:
        if m[1] is None or m[2] is None:
            raise LabError("%s: mistake '%s' needs 'replace: ' and 'with: '" % (where, m[0]))


def read_chapters(root):
    texts = {}
    for path in chapter_files(root):
        with open(path) as f:
            texts[path] = f.read().split("\n")
    return texts


def labs(root=REPO):
    """{name: Lab}, from the chapters themselves (tangle/ may be stale)."""
    found = {}
    for path, lines in read_chapters(root).items():
        for name, head, end in definitions(lines):
            m = re.match(r"labs/([a-z0-9-]+)\.(lab|mistakes)$", name)
            if not m:
                continue
            lab = found.setdefault(m.group(1), Lab(m.group(1), path))
            where = "%s:%d" % (os.path.relpath(path, root), head + 1)
            body = lines[head + 1:end]
            if m.group(2) == "lab":
                parse_spec(lab, body, where)
            else:
                parse_mistakes(lab, body, where)
    return found


def find_lab(name, root=REPO):
    all_labs = labs(root)
    if name not in all_labs:
        raise LabError("no lab is called '%s'; the labs are:\n%s"
                       % (name, "\n".join(describe(l) for l in sorted(all_labs.values(),
                                                                        key=order))))
    return all_labs[name]


def order(lab):
    return (lab.number, lab.name)


def describe(lab):
    return "%-10s chapter %2d, %s (%s, about %s hours, %d points)" % (
        lab.name, lab.number, lab.title, lab.difficulty, lab.hours, lab.points)


# ---------------------------------------------------------------- the student's chapters

def hole_bodies(texts, lab):
    """{hole: [body lines of each definition, in chapter order]}"""
    bodies = {h: [] for h in lab.holes}
    for path in sorted(texts):
        for name, head, end in definitions(texts[path]):
            if name in bodies:
                bodies[name].append(texts[path][head + 1:end])
    for hole, found in bodies.items():
        if not found:
            raise LabError("lab %s: the hole <<%s>> is defined nowhere" % (lab.name, hole))
    return bodies


def cut_chapter(lines, lab, stub_bodies, done):
    """One chapter as a student of `lab` gets it: a hole's first definition
    (over all chapters; `done` remembers) holds its stub, its other definitions,
    the stubs' own chunks and the lab's mistakes are gone."""
    out, i = [], 0
    spans = {head: (name, end) for name, head, end in definitions(lines)}
    while i < len(lines):
        if i not in spans:
            out.append(lines[i])
            i += 1
            continue
        name, end = spans[i]
        after = end + 1 if end < len(lines) and is_terminator(lines[end]) else end
        stub_of = name[len(STUB):] if name.startswith(STUB) else None
        if name in lab.holes and name in stub_bodies and name not in done:
            done.add(name)
            out.append(lines[i])
            out.extend(stub_bodies[name] + ["@"])  # the solution's %def names go too
            i = after
        elif (name in lab.holes or name == "labs/%s.mistakes" % lab.name
              or stub_of in lab.holes):
            i = after                               # the whole definition goes
        else:
            out.append(lines[i])
            i += 1
    return out


def cut_all(texts, lab):
    """{path: lines} of every chapter as a student of `lab` gets it."""
    stub_bodies = {}
    for path in sorted(texts):
        for name, head, end in definitions(texts[path]):
            if name.startswith(STUB) and name[len(STUB):] in lab.holes:
                stub_bodies[name[len(STUB):]] = texts[path][head + 1:end]
    hole_bodies(texts, lab)
    if not stub_bodies:
        raise LabError("lab %s: no hole has a <<%s...>> chunk" % (lab.name, STUB))
    done = set()
    return {path: cut_chapter(texts[path], lab, stub_bodies, done) for path in sorted(texts)}


def with_mistake(texts, lab, mistake):
    """The book's chapters with one mistake made in a hole: the old line must
    appear exactly once in the holes' bodies."""
    description, old, new = mistake
    places = []
    for path in sorted(texts):
        for name, head, end in definitions(texts[path]):
            if name in lab.holes:
                places += [(path, i) for i in range(head + 1, end)
                           if texts[path][i].strip() == old.strip()]
    if len(places) != 1:
        raise LabError("lab %s, mistake '%s': the line to replace appears %d times in the "
                       "holes, not once:\n%s" % (lab.name, description, len(places), old))
    path, i = places[0]
    out = {p: list(l) for p, l in texts.items()}
    line = out[path][i]
    out[path][i] = line[:len(line) - len(line.lstrip())] + new.strip()
    return out


def used_chunks(bodies):
    return {m for body in bodies for line in body for m in re.findall(r"<<(.+?)>>", line)}


def splice(texts, lab, submitted):
    """The chapters `texts` with the holes' code taken from a submitted chapter.
    Only the holes come from it, and the chunks they use that `texts` does not
    define (a student's helpers; never a file): a submission cannot change a
    test, the stubs' neighbours, or anything else."""
    got = {}
    for name, head, end in definitions(submitted):
        got.setdefault(name, []).append(submitted[head + 1:end])
    known = {n for lines in texts.values() for n, _, _ in definitions(lines)}
    take = [h for h in lab.holes if h in got]
    if not take:
        raise LabError("the submission defines none of the lab's holes: %s"
                       % ", ".join("<<%s>>" % h for h in lab.holes))
    extra, queue = [], used_chunks(b for h in take for b in got[h])
    while queue:
        name = queue.pop()
        if name in known or name in extra or name not in got or "/" in name or "." in name:
            continue
        extra.append(name)
        queue |= used_chunks(got[name])
    out = {}
    for path, lines in texts.items():
        spans = {head: (name, end) for name, head, end in definitions(lines)}
        result, i, done = [], 0, set()
        while i < len(lines):
            name, end = spans.get(i, (None, None))
            if name in take and name not in done:
                done.add(name)
                result.append(lines[i])
                result += [l for body in got[name] for l in body]
                i = end
            else:
                result.append(lines[i])
                i += 1
        if os.path.basename(path) == os.path.basename(lab.chapter):
            for name in extra:
                for body in got[name]:
                    result += ["", "<<%s>>=" % name] + body + ["@"]
        out[path] = result
    return out


def solution_lines(texts, lab):
    """Lines of the hole that say something (not braces or a bare return) and
    that appear nowhere else in the book's chapters."""
    inside = set()
    for bodies in hole_bodies(texts, lab).values():
        for body in bodies:
            inside.update(l.strip() for l in body)
    outside = set()
    for lines in cut_all(texts, lab).values():
        outside.update(l.strip() for l in lines)
    return {l for l in inside - outside
            if len(l) >= 8 and re.search(r"[A-Za-z0-9]", l) and not l.startswith("<<")}


def write_chapters(texts, folder):
    os.makedirs(folder, exist_ok=True)
    for path, lines in texts.items():
        with open(os.path.join(folder, os.path.basename(path)), "w") as f:
            f.write("\n".join(lines))


# ---------------------------------------------------------------- the student's tree

def tracked_files(root):
    out = subprocess.run(["git", "-C", root, "ls-files", "-z"], capture_output=True,
                         check=True).stdout.decode()
    return [f for f in out.split("\0") if f and os.path.exists(os.path.join(root, f))]


def student_tree(name, target, root=REPO):
    lab = find_lab(name, root)
    if os.path.exists(target) and (not os.path.isdir(target) or os.listdir(target)):
        raise LabError("%s exists and is not empty: a student's tree goes into a new "
                       "or empty folder" % target)
    texts = cut_all(read_chapters(root), lab)
    for f in tracked_files(root):
        if f.startswith("chapters/") and f.endswith(".nw"):
            continue
        dest = os.path.join(target, f)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copy2(os.path.join(root, f), dest)
    write_chapters(texts, os.path.join(target, "chapters"))
    with open(os.path.join(target, "LAB"), "w") as f:
        f.write(name + "\n")
    proc = subprocess.run([sys.executable, "tools/nw.py", "tangle", "--out", "tangle",
                           "--guard"] + ["chapters/" + os.path.basename(p) for p in
                                         sorted(texts)],
                          cwd=target, capture_output=True, text=True)
    if proc.returncode != 0:
        raise LabError("the student's chapters do not tangle:\n" + proc.stderr)
    git = ["git", "-C", target, "-c", "user.name=lab", "-c", "user.email=lab@localhost"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "Lab %s: the starter tree" % name],
                   check=True)
    return lab


SETUP = """#!/bin/sh
# Gradescope runs this once, as root, when it builds the autograder's image:
# it installs what the book's build needs, with the book's own script.
set -e
cd "${AUTOGRADER:-/autograder}/source"
tools/deps.sh tangle kernel test
"""

RUN = """#!/bin/sh
# Gradescope runs this for each submission. Only the lab's holes are taken from
# the student's chapter file; the tests come from this tree.
root="${AUTOGRADER:-/autograder}"
cd "$root/source" || exit 1
mkdir -p "$root/results"
chapter=$(find "$root/submission" -name '%(chapter)s' | head -n 1)
if [ -z "$chapter" ]; then
    printf '{"score": 0, "output": "%%s"}\n' \
        "No %(chapter)s in the submission: submit that chapter file." \
        >"$root/results/results.json"
    exit 0
fi
make grade LAB=%(name)s SUBMISSION="$chapter" >"$root/results/grade.log" 2>&1
if [ -f build/grade/%(name)s/results.json ]; then
    cp build/grade/%(name)s/results.json "$root/results/results.json"
else
    printf '{"score": 0, "output": "%%s"}\n' \
        "The grader could not run; see grade.log." >"$root/results/results.json"
fi
"""


def autograder(name, target, root=REPO):
    """A Gradescope autograder: the student's tree with setup.sh and
    run_autograder at its top, and the same zipped beside it."""
    lab = student_tree(name, target, root)
    values = {"name": name, "chapter": os.path.basename(lab.chapter)}
    for script, text in (("setup.sh", SETUP), ("run_autograder", RUN % values)):
        path = os.path.join(target, script)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o755)
    archive = shutil.make_archive(target.rstrip("/"), "zip", target)
    return lab, archive


def leaks(lab, target, root=REPO):
    """Solution lines found in the student's tree: [(file, line)]."""
    solution = solution_lines(read_chapters(root), lab)
    found = []
    for f in tracked_files(target):
        try:
            with open(os.path.join(target, f), errors="replace") as handle:
                for n, line in enumerate(handle, 1):
                    if line.strip() in solution:
                        found.append("%s:%d: %s" % (f, n, line.strip()))
        except IsADirectoryError:
            continue
    return found


def main(argv):
    try:
        if len(argv) >= 2 and argv[1] == "list":
            for lab in sorted(labs().values(), key=order):
                print(describe(lab))
        elif len(argv) == 4 and argv[1] == "student":
            lab = student_tree(argv[2], argv[3])
            print("lab %s: a student's tree is in %s (chapter %d: %s).\n"
                  "Read the lab at the end of chapter %d, write the code, then run "
                  "`make grade` there." % (lab.name, argv[3], lab.number, lab.title,
                                           lab.number))
        elif len(argv) == 4 and argv[1] == "autograder":
            lab, archive = autograder(argv[2], argv[3])
            print("lab %s: a Gradescope autograder is in %s, zipped as %s.\n"
                  "Upload the zip as the assignment's autograder; students submit "
                  "%s." % (lab.name, argv[3], archive, os.path.basename(lab.chapter)))
        elif len(argv) in (4, 5) and argv[1] == "chapters":
            lab = find_lab(argv[2])
            texts = read_chapters(REPO)
            if len(argv) == 5:
                mistake = next((m for m in lab.mistakes if m[0] == argv[4]), None)
                if mistake is None:
                    raise LabError("lab %s has no mistake '%s'" % (lab.name, argv[4]))
                texts = with_mistake(texts, lab, mistake)
            else:
                texts = cut_all(texts, lab)
            write_chapters(texts, argv[3])
        else:
            sys.stderr.write(__doc__)
            return 2
    except LabError as e:
        sys.stderr.write("lab: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
