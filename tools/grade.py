#!/usr/bin/env python3
"""Grade a lab: `make grade` (in a student's tree) or `make grade LAB=name`.

Builds the lab chapter's kernel from the chapters in this tree, runs each of the
lab's tests within its time limit, prints a line per test and `Score: N/M`, and
keeps everything under build/grade/NAME/: each run's full output, and
results.json in Gradescope's format. A test that does not compile, crashes,
or runs out of time scores 0; the grader itself goes on.

  grade.py [NAME] [--submission CHAPTER]
                           NAME defaults to the one in the file LAB; with a
                           submission, the holes' code comes from that chapter
                           file (a student's), everything else from this tree
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time

TOOLS = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, TOOLS)
import checks  # noqa: E402
import lab as labs  # noqa: E402
import qemu  # noqa: E402
from runner import captured, report  # noqa: E402

RUN_LEVEL = re.compile(r": (compiles|complete run|finish within .*|tangle and compile)$")


def tangle_chapters(src, out, chapters):
    """The chapters tangled into src; (ok, log). The tangle runs beside the
    chapters' folder, so that every file names them `chapters/...` as in the
    book's own tree, and a file the lab does not change is not written again."""
    top = os.path.dirname(os.path.dirname(os.path.abspath(chapters[0])))
    proc = subprocess.run([sys.executable, os.path.join(TOOLS, "nw.py"), "tangle", "--out",
                           os.path.abspath(src), "--map",
                           os.path.abspath(os.path.join(out, "linemap.json"))] +
                          [os.path.relpath(os.path.abspath(c), top) for c in chapters],
                          cwd=top, capture_output=True, text=True)
    return proc.returncode == 0, proc.stdout + proc.stderr


def build_kernel(src, out):
    """The chapter's kernel and test kernel from src into out; (ok, log)."""
    log = ""
    for target in ("iso", "test-iso"):
        ok, more = checks.make(["-f", "tools/kernel.mk", "SRC=" + src, "OUT=" + out,
                                "MAP=" + os.path.join(out, "linemap.json"), target])
        log += more
        if not ok:
            return False, log
    return True, log


def kernel_tests_named(src, patterns):
    """The kernel tests whose names a pattern finds (those that end the machine
    get boots of their own and are not graded)."""
    names = []
    for path in sorted(glob.glob(os.path.join(src, "tests", "kernel", "*.c"))):
        with open(path) as f:
            names += re.findall(r"^KTEST\((\w+)\)", f.read(), re.M)
    return [n for n in names if any(re.search(p, n) for p in patterns)]


def kernel_run(iso, gradedir, limit, names):
    """One boot of the test kernel that runs only the named tests."""
    if not names:
        return
    rc, text = checks.boot_test_kernel(iso, os.path.join(gradedir, "ktest"), limit,
                                       "ktest=" + ",".join(names))
    if rc is None:
        report(False, "kernel tests: finish within %d s" % limit, text[-2000:])
    else:
        checks.tap_results("kernel", text, rc, expected_rc=qemu.EXIT_PASS)


def run_all(lab, src, out, gradedir, tangled, kernel, until_lost=False):
    """{(kind, target): (results, seconds)} for every run the tests need, host
    runs first; with until_lost, only until a run has cost points. kernel()
    builds the test kernel, the first time a run needs it: (ok, log)."""
    runs = {}
    for t in lab.tests:
        key = t.run
        runs[key] = max(runs.get(key, 0), t.seconds)
    done = {}
    for (kind, target), limit in sorted(runs.items(), key=lambda r: (r[0][0] != "host", r)):
        if until_lost and any(not passed for _, passed, _, _ in score(lab, done)):
            break
        built, build_log = tangled if kind == "host" else kernel()
        start = time.time()
        if not built:
            errors = [l for l in build_log.split("\n") if "error" in l]
            results = [(False, "the chapters: tangle and compile",
                        "\n".join(errors) or build_log[-3000:])]
        elif kind == "host":
            results = captured(checks.host_test, src, gradedir, target, limit)
        else:
            names = kernel_tests_named(src, [t.pattern for t in lab.tests if t.kind == kind])
            results = captured(kernel_run, os.path.join(out, "kernel-test.iso"), gradedir,
                               limit, names)
        seconds = time.time() - start
        if seconds > limit:
            results.append((False, "%s: finish within %d s" % (target, limit),
                            "took %.1f s" % seconds))
        done[(kind, target)] = (results, seconds)
        log = os.path.join(gradedir, "-".join(filter(None, [kind, re.sub(r"\W+", "_", target)]))
                           + ".log")
        with open(log, "w") as f:
            for ok, name, detail in results:
                f.write("%s %s\n" % ("ok    " if ok else "FAIL  ", name))
                if detail:
                    f.write("".join("        %s\n" % l for l in detail.split("\n")))
    return done


def score(lab, done):
    """[(test, passed, seconds, output)] in the lab's order."""
    rows = []
    for t in lab.tests:
        if t.run not in done:
            continue
        results, seconds = done[t.run]
        broken = [r for r in results if RUN_LEVEL.search(r[1]) and not r[0]]
        pattern = re.compile(t.pattern) if t.pattern else None
        taken = [r for r in results if not RUN_LEVEL.search(r[1]) and
                 (pattern is None or pattern.search(r[1].partition(": ")[2]))]
        failed = broken + [r for r in taken if not r[0]]
        passed = bool(taken) and not failed
        if not taken and not broken:
            failed = [(False, "no check matched '%s'" % t.pattern, "")]
        output = "\n".join("%s %s%s" % ("ok  " if ok else "FAIL", name,
                                          ("\n" + detail) if detail and not ok else "")
                           for ok, name, detail in failed + [r for r in taken if r[0]])
        rows.append((t, passed, seconds, output))
    return rows


def report(lab, rows, gradedir, seconds):
    total = sum(t.points for t, passed, _, _ in rows if passed)
    print("Lab %s: %s (chapter %d)" % (lab.name, lab.title, lab.number))
    shown = set()
    for t, passed, took, output in rows:
        print("  %-4s %3d/%-3d %s (%.1f s)" % ("PASS" if passed else "FAIL",
                                              t.points if passed else 0, t.points,
                                              t.name, took))
        broken = RUN_LEVEL.search(output.split("\n")[0])
        if not passed and broken and t.run in shown:
            print("         (as above: the same run)")
        elif not passed:
            shown.add(t.run)
            first = [l for l in output.split("\n") if l.strip() and not l.startswith("ok ")][:4]
            print("".join("         %s\n" % l[:100] for l in first), end="")
    print("Score: %d/%d" % (total, lab.points))
    print("(outputs in %s/)" % os.path.relpath(gradedir))
    with open(os.path.join(gradedir, "results.json"), "w") as f:
        json.dump({"score": total, "execution_time": round(seconds, 1),
                   "output": "Lab %s: %d/%d" % (lab.name, total, lab.points),
                   "tests": [{"name": t.name, "score": t.points if passed else 0,
                              "max_score": t.points,
                              "status": "passed" if passed else "failed",
                              "output": output}
                             for t, passed, _, output in rows]}, f, indent=1)
    return total


def grade(lab, chapters, workdir, out=None, src=None, quiet=False, until_lost=False):
    """Grade the given chapters. out: a folder where the lab chapter's kernel
    already stands built from them (make test's own build), else it is built
    in workdir/kernel. Returns (score, rows)."""
    start = time.time()
    gradedir = workdir
    os.makedirs(gradedir, exist_ok=True)
    for old in os.listdir(gradedir):
        if old.endswith(".log") or old == "results.json":
            os.remove(os.path.join(gradedir, old))
    mine = [c for c in chapters if labs.chapter_number(c) <= lab.number]
    built = {}
    if out is None:
        out = os.path.join(workdir, "kernel")
        tangled = tangle_chapters(os.path.join(out, "src"), out, mine)
    else:
        tangled = built["kernel"] = (True, "")        # make test built it already
    src = src or os.path.join(out, "src")

    def kernel():
        if "kernel" not in built:
            built["kernel"] = build_kernel(src, out) if tangled[0] else tangled
        return built["kernel"]

    if os.path.exists(os.path.join(out, "linemap.json")):      # errors name chapter lines
        shutil.copy(os.path.join(out, "linemap.json"), gradedir)
    done = run_all(lab, src, out, gradedir, tangled, kernel, until_lost)
    rows = score(lab, done)
    if quiet:
        return sum(t.points for t, passed, _, _ in rows if passed), rows
    return report(lab, rows, gradedir, time.time() - start), rows


def main(argv):
    submission = None
    if "--submission" in argv:
        i = argv.index("--submission")
        submission = os.path.abspath(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    os.chdir(checks.REPO)
    name = argv[1] if len(argv) > 1 and argv[1] else None
    if name is None and os.path.exists("LAB"):
        with open("LAB") as f:
            name = f.read().strip()
    try:
        if name is None:
            raise labs.LabError("which lab? make grade LAB=name; the labs are:\n" +
                                "\n".join(labs.describe(l) for l in
                                          sorted(labs.labs().values(), key=labs.order)))
        lab = labs.find_lab(name, os.getcwd())
    except labs.LabError as e:
        sys.stderr.write("grade: %s\n" % e)
        return 2
    chapters = [os.path.relpath(c) for c in labs.chapter_files(os.getcwd())]
    workdir = os.path.join("build", "grade", name)
    if submission:
        try:
            with open(submission) as f:
                texts = labs.splice(labs.read_chapters(os.getcwd()), lab,
                                    f.read().split("\n"))
        except (OSError, labs.LabError) as e:
            sys.stderr.write("grade: %s: %s\n" % (submission, e))
            return 2
        labs.write_chapters(texts, os.path.join(workdir, "chapters"))
        chapters = sorted(os.path.join(workdir, "chapters", os.path.basename(c))
                          for c in chapters)
    grade(lab, chapters, workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
