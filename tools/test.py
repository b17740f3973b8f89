#!/usr/bin/env python3
"""Run the book's tests and print one summary line: `N passed, N failed`.

  test.py                 every chapter's kernel with that chapter's own tests,
                          then the final kernel (tangle/) with all tests and the book checks
  test.py --chapter N     the kernel of chapter N with the tests of chapters 1..N

Builds, boots and other tests run as independent jobs, JOBS at a time (default:
two per processor); results print in a fixed order. Chapters 1 and 4 of the
book describe the kinds of tests and how they run; runner.py runs the jobs,
bootchecks.py holds the boot checks and checks.py the other kinds.
"""
import glob
import json
import os
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(REPO)
sys.path.insert(0, os.path.join(REPO, "tools"))
import labtests  # noqa: E402
import qemu  # noqa: E402
from bootchecks import (boot_check, boot_checks_sharing_a_boot, machine_key,  # noqa: E402
                        parse_check, watches_only)
from checks import (book_checks, book_files, book_in_chromium, book_test,  # noqa: E402
                    chapter_number, chapters, crash, fuzz_test, host_test, instructor_edition,
                    isolated_kernel_test, isolated_tests, kernel_tests, make, no_circles,
                    no_dead_code, only_the_vga_driver_writes_the_screen, READER_BOOK,
                    root_chapters, soak, spelling, tree_is_fresh)
from runner import (CPU_BY_KIND, JOB_SECONDS, JOBS, RESULTS, SECONDS_BY_KIND,  # noqa: E402
                    busy_seconds, note, report, run_jobs)

# ---------------------------------------------------------------- the trees

class Tree:
    """One kernel to test: a chapter's (only that chapter's own tests) or the final one."""

    def __init__(self, label, make_args, src, out, own=None, final=False):
        self.label, self.make_args, self.src, self.out = label, make_args, src, out
        self.own, self.final = own, final
        self.built = self.test_kernel = False

    def mine(self, prefix, suffix):
        owner = root_chapters(self.out)
        names = sorted(n for n in owner if n.startswith(prefix) and n.endswith(suffix))
        return [n for n in names if self.own is None or owner[n] == self.own]

    def build(self):
        ok, log = make(self.make_args)
        report(ok, "%s: builds" % self.label, log[-3000:])
        self.built = ok
        if ok and glob.glob(os.path.join(self.src, "tests", "kernel", "*.c")):
            self.test_kernel, log = make(["-f", "tools/kernel.mk", "SRC=" + self.src,
                                          "OUT=" + self.out, "MAP=" + os.path.join(
                                              self.out, "linemap.json"), "test-iso"])
            report(self.test_kernel, "%s: test kernel builds" % self.label, log[-3000:])

    def jobs(self, later):
        """This tree's tests as jobs; checks that compare with another boot go
        to `later`, which runs when every other job is done."""
        if not self.built:
            return []
        jobs = [("tree", no_circles, (self.label, self.src, self.out))]
        jobs += [("host tests", host_test, (self.src, self.out, n))
                 for n in self.mine("tests/host/", ".c")]
        if self.own is None:            # each harness once, on the final code
            jobs += [("fuzz", fuzz_test, (self.src, self.out, n))
                     for n in self.mine("tests/fuzz/", "_fuzz.c")]
        alike = {}              # checks that only watch a boot, by machine
        for name in self.mine("tests/boot/", ".check"):
            spec = parse_check(os.path.join(self.src, name))
            if spec["kernel"] == "test" and not self.test_kernel:
                continue
            if watches_only(spec):
                alike.setdefault(machine_key(self.out, name, spec), []).append(name)
                continue
            job = ("boots", boot_check, (self.out, self.src, name))
            (later if spec["same-serial-as"] else jobs).append(job)
        for names in alike.values():        # one boot, many checks
            jobs.append(("boots", boot_checks_sharing_a_boot, (self.out, self.src, names))
                        if len(names) > 1 else ("boots", boot_check, (self.out, self.src,
                                                                      names[0])))
        if self.test_kernel and (self.own is None or self.mine("tests/kernel/", ".c")):
            iso = os.path.join(self.out, "kernel-test.iso")
            jobs.append(("boots", kernel_tests, (iso, self.out, 60, self.src)))
            # A test that ends the machine boots alone: in a chapter's tree,
            # those the chapter wrote; on the final kernel, all of them.
            jobs += [("boots", isolated_kernel_test, (iso, self.out, name))
                     for name in isolated_tests(self.src, self.out, self.own)]
        if self.final:
            # The reader's book first of the long jobs: the checks that read it
            # wait for it, and they end the run.
            jobs += [("book", book_checks, ())]
            jobs += [("book", book_test, (self.src, n))
                     for n in self.mine("tests/book/", ".sh")]
            jobs += [("tree", no_dead_code, (self.src, self.out)),
                     ("tree", only_the_vga_driver_writes_the_screen, (self.src,)),
                     ("tree", spelling, ()),
                     ("soak", soak, ())]
            if os.path.exists(os.path.join(self.src, "kernel", "fs", "log.c")):
                jobs.append(("boots", crash, ()))        # chapter 21 onwards
            if os.path.exists(os.path.join(self.src, "host", "fsck.c")):
                jobs.append(("boots", crash, (20, True)))  # chapter 22 onwards
            jobs += labtests.jobs()
            # Each waits for the reader's book, and starts as soon as it is built.
            book = READER_BOOK["built"]
            jobs += [("book checks", book_in_chromium, (), book),
                     ("book checks", instructor_edition, (), book),
                     ("book checks", book_files, (), book)]
        return jobs


def main(argv):
    start, busy = time.time(), busy_seconds()
    # The trees the tests copy (a student's, the book's edits) compile and
    # tangle with the run's caches: what they have in common with the book's
    # trees is done once.
    os.environ.setdefault("CCACHE_DIR", os.path.join(REPO, "build", "ccache"))
    os.environ.setdefault("TANGLE_AGREED", os.path.join(REPO, "build", "tangle-agreed"))
    chs = chapters()
    last = chapter_number(chs[-1])
    if "--chapter" in argv:
        n = int(argv[argv.index("--chapter") + 1])
        trees = [Tree("chapter %d" % n, ["CHAPTER=%02d" % n, "kernel"],
                      "build/ch%02d/src" % n, "build/ch%02d" % n)]
    else:
        tree_is_fresh()
        trees = [Tree("chapter %d" % chapter_number(p), ["CHAPTER=%02d" % chapter_number(p),
                      "kernel"], "build/ch%02d/src" % chapter_number(p),
                      "build/ch%02d" % chapter_number(p), own=chapter_number(p))
                 for p in chs if chapter_number(p) != last]
        trees.append(Tree("final kernel", ["kernel"], "tangle", "build/kernel", final=True))
    phase = time.time()
    run_jobs([("build", tree.build, ()) for tree in trees])
    built = time.time() - phase
    later, jobs = [], []
    for tree in trees:
        tree_jobs = tree.jobs(later)
        if tree_jobs:
            jobs.append(("note", note, ("== %s" % tree.label,)))
            jobs += tree_jobs
    phase = time.time()
    run_jobs(jobs)
    run_jobs(later)
    tested = time.time() - phase
    passed = sum(1 for r in RESULTS if r[0])
    failed = len(RESULTS) - passed
    if failed:
        print("\nfailures:")
        for ok, name, _ in RESULTS:
            if not ok:
                print("  " + name)
    kinds = ", ".join("%s %.0f s" % (k, CPU_BY_KIND[k]) for k in sorted(CPU_BY_KIND)
                      if k != "note")
    seconds, boots = time.time() - start, next(qemu.BOOTS) - 1
    busy = busy_seconds() - busy
    print("\ntime: %.0f s in all on %d workers: building %.0f s, testing %.0f s; "
          "%d boots, %.1f per second" % (seconds, JOBS, built, tested, boots, boots / seconds))
    with open(os.path.join("build", "test-summary.json"), "w") as f:
        json.dump({"seconds": seconds, "boots": boots, "workers": JOBS,
                   "passed": passed, "failed": failed, "kinds": SECONDS_BY_KIND,
                   "cpu": CPU_BY_KIND, "busy": busy,
                   "jobs": sorted(JOB_SECONDS, reverse=True)}, f, indent=0)
    print("      (processor time per kind: %s; %.0f s counted of the %.0f s the "
          "processors were busy)" % (kinds, sum(CPU_BY_KIND.values()), busy))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
