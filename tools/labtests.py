"""make test's checks of every lab: the book's own code scores full marks; a
student's tree holds no line of the solution, its starter scores at most a
fifth of the points through `make grade`, and the final kernel still builds on
it; each mistake the lab names loses points.

Each starts from make test's own build of the lab's chapter, copied with its
times, so that only the files the lab changes are compiled again."""
import copy
import json
import os
import re
import shutil
import subprocess
import time

import checks
import grade
import lab as labs
from runner import report


def chapter_build(lab):
    """(out, src) of make test's build of the lab's chapter."""
    out = os.path.join("build", "ch%02d" % lab.number)
    if os.path.isdir(out):
        return out, os.path.join(out, "src")
    return os.path.join("build", "kernel"), "tangle"      # the last chapter's


def seed(build, dest):
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(build, dest, copy_function=shutil.copy2, symlinks=True,
                    ignore=shutil.ignore_patterns("checks", "ktest*", "host", "fuzz",
                                                  "screens", "*.log"))


def failures(rows):
    return "\n".join("%s (%d points):\n%s" % (t.name, t.points, output)
                     for t, passed, _, output in rows if not passed)


def book_scores_full(lab):
    out, src = chapter_build(lab)
    score, rows = grade.grade(lab, checks.chapters(), os.path.join("build", "labs", lab.name,
                                                                 "book"),
                              out=out, src=src, quiet=True)
    report(score == lab.points, "lab %s: the book's own code scores %d/%d"
                % (lab.name, score, lab.points), failures(rows))


def student_tree(lab):
    root = os.path.abspath(os.path.join("build", "labs", lab.name, "student"))
    shutil.rmtree(root, ignore_errors=True)
    labs.student_tree(lab.name, root, checks.REPO)
    leaked = labs.leaks(lab, root, checks.REPO)
    solution = labs.solution_lines(labs.read_chapters(checks.REPO), lab)
    report(solution and not leaked,
                "lab %s: none of the solution's %d lines is in the student's tree"
                % (lab.name, len(solution)), "\n".join(leaked[:20]))
    commits = subprocess.run(["git", "-C", root, "rev-list", "--all", "--count"],
                             capture_output=True, text=True).stdout.strip()
    report(commits == "1", "lab %s: the student's tree has a history of one commit"
                % lab.name, "commits: %s" % commits)
    out, _ = chapter_build(lab)
    seed(out, os.path.join(root, "build", "grade", lab.name, "kernel"))
    proc = subprocess.run(["make", "grade"], cwd=root, capture_output=True, text=True)
    m = re.search(r"^Score: (\d+)/(\d+)$", proc.stdout, re.M)
    got = int(m.group(1)) if m else None
    report(m is not None and int(m.group(2)) == lab.points and got * 5 <= lab.points,
                "lab %s: the starter scores at most a fifth in make grade (%s/%d)"
                % (lab.name, got, lab.points), proc.stdout[-3000:] + proc.stderr[-2000:])
    results = os.path.join(root, "build", "grade", lab.name, "results.json")
    report(os.path.exists(results), "lab %s: make grade writes results.json" % lab.name)
    book_chapter = os.path.join(checks.REPO, os.path.relpath(lab.chapter, checks.REPO))
    proc = subprocess.run(["make", "grade", "SUBMISSION=" + book_chapter], cwd=root,
                          capture_output=True, text=True)
    report("Score: %d/%d\n" % (lab.points, lab.points) in proc.stdout,
           "lab %s: the book's chapter, submitted to the student's tree, scores full marks"
           % lab.name, proc.stdout[-3000:] + proc.stderr[-2000:])
    seed(os.path.join("build", "kernel"), os.path.join(root, "build", "kernel"))
    ok, log = checks.make(["-C", root, "kernel"])
    report(ok, "lab %s: the final kernel builds on the starter" % lab.name, log[-3000:])


def mistake_loses_points(lab, index):
    mistake = lab.mistakes[index]
    work = os.path.join("build", "labs", lab.name, "mistake-%d" % index)
    texts = labs.with_mistake(labs.read_chapters(checks.REPO), lab, mistake)
    labs.write_chapters(texts, os.path.join(work, "chapters"))
    out, _ = chapter_build(lab)
    seed(out, os.path.join(work, "kernel"))
    chapters = sorted(os.path.join(work, "chapters", os.path.basename(p)) for p in texts)
    score, rows = grade.grade(lab, chapters, work, quiet=True, until_lost=True)
    report(any(not passed for _, passed, _, _ in rows),
                "lab %s: the mistake '%s' loses points" % (lab.name, mistake[0]),
                "every test passed:\n" + "\n".join(t.name for t, _, _, _ in rows))


def every_lab_in_the_course_plan(found):
    with open(os.path.join(checks.REPO, "book", "teaching.md")) as f:
        plan = f.read()
    missing = [l.name for l in found if not re.search(r"^\| %s \|" % l.name, plan, re.M)]
    report(not missing, "labs: the course plan (book/teaching.md) describes every lab",
           "not in its table of labs: " + " ".join(missing))


def jobs():
    found = sorted(labs.labs(checks.REPO).values(), key=labs.order)
    out = [("labs", every_lab_in_the_course_plan, (found,))]
    out += [("labs", book_scores_full, (l,)) for l in found]
    out += [("labs", student_tree, (l,)) for l in found]
    out += [("labs", mistake_loses_points, (l, i)) for l in found
            for i in range(len(l.mistakes))]
    out += [("labs", f, (l,)) for l in found if l.name == "frames"
            for f in (bad_input, autograder)]
    return out


def broken_student_code(lab, description, old, new, seconds):
    """A student's code that does not compile, or hangs, scores 0 where it
    matters, with the reason in the output; the grader goes on to the end."""
    quick = copy.deepcopy(lab)
    for t in quick.tests:
        t.seconds = min(t.seconds, seconds)
    work = os.path.join("build", "labs", lab.name, re.sub(r"\W+", "-", description))
    texts = labs.with_mistake(labs.read_chapters(checks.REPO), lab, (description, old, new))
    labs.write_chapters(texts, os.path.join(work, "chapters"))
    seed(chapter_build(lab)[0], os.path.join(work, "kernel"))
    chapters = sorted(os.path.join(work, "chapters", os.path.basename(p)) for p in texts)
    start = time.time()
    score, rows = grade.grade(quick, chapters, work, quiet=True)
    took = time.time() - start
    said = "\n".join(output for _, _, _, output in rows)
    return score, rows, said, took


def autograder(lab):
    """make autograder, and its run_autograder as Gradescope would run it: on
    the book's chapter, full marks; on a starter whose tests were made to pass
    anything, the starter's marks, since only the holes are taken."""
    work = os.path.abspath(os.path.join("build", "labs", lab.name, "gradescope"))
    shutil.rmtree(work, ignore_errors=True)
    tree = os.path.join(work, "autograder")
    proc = subprocess.run(["make", "autograder", "LAB=" + lab.name, "DIR=" + tree],
                          capture_output=True, text=True)
    report(proc.returncode == 0 and os.path.exists(tree + ".zip") and
           os.access(os.path.join(tree, "run_autograder"), os.X_OK),
           "make autograder: a tree with setup.sh and run_autograder, and its zip",
           proc.stdout + proc.stderr)
    seed(chapter_build(lab)[0], os.path.join(tree, "build", "grade", lab.name, "kernel"))
    chapter = os.path.basename(lab.chapter)
    with open(os.path.join(tree, "chapters", chapter)) as f:
        starter = f.read()
    cheat = re.sub(r"\bCHECK\(", "CHECK(1 || ", starter)
    for label, text, want in (("the book's chapter", None, lab.points),
                              ("a starter that rewrote its tests", cheat, 0)):
        sim = os.path.join(work, re.sub(r"\W+", "-", label))
        os.makedirs(os.path.join(sim, "submission", "folder"))
        os.makedirs(os.path.join(sim, "results"))
        os.symlink(tree, os.path.join(sim, "source"))
        target = os.path.join(sim, "submission", "folder", chapter)
        if text is None:
            shutil.copy(lab.chapter, target)
        else:
            with open(target, "w") as f:
                f.write(text)
        subprocess.run(["sh", os.path.join(tree, "run_autograder")],
                       env=dict(os.environ, AUTOGRADER=sim), capture_output=True)
        try:
            with open(os.path.join(sim, "results", "results.json")) as f:
                score = json.load(f).get("score")
        except (OSError, ValueError) as e:
            score = repr(e)
        report(score == want, "run_autograder: %s scores %s of %d (want %d)"
               % (label, score, lab.points, want))


def bad_input(lab):
    """make lab refuses an unknown lab and a folder in use; make grade survives
    code that does not compile and code that hangs."""
    proc = subprocess.run(["make", "lab", "LAB=no-such-lab", "DIR=build/labs/none"],
                          capture_output=True, text=True)
    report(proc.returncode != 0 and lab.name in proc.stderr + proc.stdout
           and not os.path.exists("build/labs/none"),
           "make lab: an unknown lab fails and lists the labs", proc.stdout + proc.stderr)
    busy = os.path.join("build", "labs", "busy")
    os.makedirs(busy, exist_ok=True)
    with open(os.path.join(busy, "notes.txt"), "w") as f:
        f.write("a student's own notes\n")
    proc = subprocess.run(["make", "lab", "LAB=" + lab.name, "DIR=" + busy],
                          capture_output=True, text=True)
    report(proc.returncode != 0 and os.listdir(busy) == ["notes.txt"],
           "make lab: a folder that is not empty is refused, untouched",
           proc.stdout + proc.stderr)
    score, rows, said, _ = broken_student_code(
        lab, "does not compile", "            fa->allocated++;",
        "            fa->allocated++ this is not C;", 30)
    report(score == 0 and "error" in said and len(rows) == len(lab.tests),
           "make grade: code that does not compile scores 0, with the compiler's message",
           said[-2000:])
    score, rows, said, took = broken_student_code(
        lab, "hangs", "            n += 7 - f % 8;", "            n = 0;", 2)
    report(score == 0 and "finish within" in said and took < 20,
           "make grade: code that hangs scores 0 at the time limit (%.0f s)" % took,
           said[-2000:])
