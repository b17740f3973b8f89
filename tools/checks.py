"""The kinds of checks make test runs: host tests, kernel tests, fuzzing, the
tree's own rules and the book (boot checks are bootchecks.py's). Each reports through runner.report;
paths are relative to the top of the tree, where test.py and grade.py run.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

import fuzz
import layers
import qemu
from runner import report

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def tap_results(prefix, text, returncode, expected_rc=0):
    """Turn a TAP stream into results; a crash or a missing plan is a failure."""
    seen = 0
    plan = None
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"^\s*(not ok|ok)\s+(\d+)\s*(?:-\s*)?(.*)$", line)
        if m:
            seen += 1
            detail = []
            # The kernel's runner explains a failure before its result line
            # ("# NAME: file:line: expected ..."); host tests, after it.
            for before in reversed(lines[:i]):
                if before.startswith("# %s:" % m.group(3)):
                    detail.insert(0, before)
                elif not before.startswith("#"):
                    break
            for follow in lines[i + 1:]:
                if follow.startswith("#"):
                    detail.append(follow)
                else:
                    break
            report(m.group(1) == "ok", "%s: %s" % (prefix, m.group(3)), "\n".join(detail))
            continue
        m = re.match(r"^\s*1\.\.(\d+)", line)
        if m:
            plan = int(m.group(1))
    if plan is None or plan != seen:
        report(False, "%s: complete run" % prefix,
               "planned %s tests, saw %d\n%s" % (plan, seen, text[-2000:]))
    elif returncode != expected_rc:
        report(False, "%s: exit status" % prefix,
               "exit status %s, expected %s\n%s" % (returncode, expected_rc, text[-2000:]))


def make(args, quiet=True):
    proc = subprocess.run(["make"] + args, capture_output=True, text=True)
    return proc.returncode == 0, proc.stdout + proc.stderr


def chapters():
    return sorted(glob.glob("chapters/[0-9][0-9]-*.nw"))


def chapter_number(path):
    return int(os.path.basename(path).split("-")[0])


def root_chapters(out):
    """Which chapter defines each tangled file (from the line map)."""
    with open(os.path.join(out, "linemap.json")) as f:
        files = json.load(f)["files"]
    owner = {}
    for name, lines in files.items():
        first = next((l for l in lines if l), None)
        owner[name] = chapter_number(first[0]) if first else 0
    return owner


# ---------------------------------------------------------------- kinds of tests

def host_test(src, out, name, timeout=60):
    hostdir = os.path.join(out, "host")
    os.makedirs(hostdir, exist_ok=True)
    for name in [name]:
        base = os.path.splitext(os.path.basename(name))[0]
        exe = os.path.join(hostdir, base)
        cmd = ["gcc", "-std=c11", "-O1", "-g", "-Wall", "-Wextra", "-Werror",
               "-fsanitize=address,undefined", "-fno-sanitize-recover=all"]
        cmd += fuzz.include_flags(src) + ["-I", os.path.join(src, "tests/host"),
                                          "-o", exe, os.path.join(src, name)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            report(False, "%s: compiles" % name, mapped(out, proc.stderr))
            continue
        try:
            proc = subprocess.run([exe], capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as e:
            report(False, "%s: finish within %d s" % (name, timeout),
                   (e.stdout or b"").decode(errors="replace")[-2000:])
            continue
        tap_results(name, proc.stdout + proc.stderr, proc.returncode)


def fuzz_test(src, out, name, seconds=2):
    """A fuzz harness, briefly: a regression in what the seeds reach shows."""
    for name in [name]:
        harness = os.path.basename(name)[:-len("_fuzz.c")]
        exe, log = fuzz.build(os.path.join(src, name), src, out)
        if exe is None:
            report(False, "fuzz %s: builds" % harness, log)
            continue
        ok, runs, found, log = fuzz.fuzz(exe, harness, seconds, out)
        replay = "".join("replay: %s %s\n" % (exe, f) for f in found)
        report(ok, "fuzz %s: %d s without a failure" % (harness, seconds), replay + log)


def crash(kills=20, files=False):
    """Chapter 21's crash test: QEMU killed `kills` times while the kernel
    commits; with `files`, chapter 22's, while it writes and removes files."""
    proc = subprocess.run([sys.executable, "tools/crash.py"] + (["--files"] if files else []) +
                          [str(kills)], capture_output=True, text=True,
                          timeout=kills * 30 + 120)
    tap_results("crash files" if files else "crash", proc.stdout + proc.stderr,
                proc.returncode)


def soak(seconds=10):
    proc = subprocess.run([sys.executable, "tools/soak.py", str(seconds)],
                          capture_output=True, text=True, timeout=seconds + 180)
    tap_results("soak", proc.stdout + proc.stderr, proc.returncode)


def mapped(out, text):
    mapfile = os.path.join(out, "linemap.json")
    proc = subprocess.run([sys.executable, "tools/nw.py", "mapdiag", mapfile],
                          input=text, capture_output=True, text=True)
    return proc.stdout


def boot_test_kernel(iso, workdir, timeout, command_line=None):
    """Boot the test kernel until it leaves through isa-debug-exit; (status, serial).
    It boots directly, without GRUB, when it has chapter 4's entry for that.
    It has test disks: vda, a read-only vdb (chapter 19) and, from chapter
    22, vdc with a file system."""
    elf = iso[:-len(".iso")] + ".elf"
    run = qemu.Machine(iso, workdir, exit_device=True, command_line=command_line,
                       elf=elf if qemu.has_direct_entry(elf) else None,
                       disks=qemu.test_disks(workdir, qemu.TEST_DISKS, os.path.dirname(iso)))
    try:
        run.start()
        rc = run.wait_exit(timeout)
    finally:
        run.stop()
    return rc, run.serial_text()


def kernel_tests(iso, out, timeout=60, src=None):
    """Boot the test kernel; it prints KTAP on COM1 and leaves through isa-debug-exit.
    The tests it lists as '# isolated:' must be the ones the harness boots alone."""
    rc, text = boot_test_kernel(iso, os.path.join(out, "ktest"), timeout)
    if rc is None:
        report(False, "kernel tests: finish within %ds" % timeout, text[-2000:])
        return text
    tap_results("kernel", text, rc, expected_rc=qemu.EXIT_PASS)
    if src is not None:
        listed = sorted(re.findall(r"^# isolated: (\w+)", text, re.M))
        found = sorted(isolated_tests(src))
        report(listed == found, "kernel: every test the kernel isolates gets a boot of its own",
               "the kernel isolates %s; the harness boots %s" % (listed, found))
    return text


def isolated_tests(src, out=None, own=None):
    """Tests that end the machine (a panic, a fault) get a boot each: every
    KTEST_EXPECT_PANIC in the tree's kernel tests; with `own`, only those that
    chapter wrote (the line map in `out` says which chapter wrote each line)."""
    lines = {}
    if own is not None:
        with open(os.path.join(out, "linemap.json")) as f:
            lines = json.load(f)["files"]
    names = []
    for path in sorted(glob.glob(os.path.join(src, "tests", "kernel", "*.c"))):
        origin = lines.get(os.path.relpath(path, src), [])
        with open(path) as f:
            for number, line in enumerate(f):
                m = re.match(r"KTEST_EXPECT_PANIC\((\w+)\)", line)
                if m and (own is None or (number < len(origin) and origin[number] and
                                          chapter_number(origin[number][0]) == own)):
                    names.append(m.group(1))
    return names


def isolated_kernel_test(iso, out, name, timeout=60):
    rc, text = boot_test_kernel(iso, os.path.join(out, "ktest-" + name), timeout,
                                "ktest=" + name)
    if rc is None:
        report(False, "kernel %s: finish within %ds" % (name, timeout), text[-2000:])
    else:
        tap_results("kernel", text, rc, expected_rc=qemu.EXIT_PASS)


def book_test(src, name):
    env = dict(os.environ, REPO=REPO)
    proc = subprocess.run(["sh", os.path.join(src, name)], capture_output=True,
                          text=True, env=env, timeout=600)
    tap_results(name, proc.stdout + proc.stderr, proc.returncode)


def tree_is_fresh():
    """tangle/ must be exactly what the chapters tangle to."""
    tmp = tempfile.mkdtemp()
    try:
        shutil.copytree("tangle", os.path.join(tmp, "tangle"))
        proc = subprocess.run([sys.executable, "tools/nw.py", "tangle", "--out",
                               os.path.join(tmp, "fresh"), "--guard",
                               "--agreed", os.environ.get("TANGLE_AGREED",
                                                          "build/tangle-agreed")] + chapters(),
                              capture_output=True, text=True)
        if proc.returncode != 0:
            report(False, "tree: the chapters tangle", proc.stderr)
            return
        proc = subprocess.run(["diff", "-ru", "tangle", os.path.join(tmp, "fresh")],
                              capture_output=True, text=True)
        report(proc.returncode == 0, "tree: tangle/ equals a fresh tangle of the chapters",
               proc.stdout[-3000:] + "\nrun `make tangle` and commit tangle/")
    finally:
        shutil.rmtree(tmp)


def unreferenced_functions(elf):
    """Functions in a linked image (built with --emit-relocs) that no code or
    data in the image refers to; the entry point counts as referenced."""
    def readelf(*args):
        return subprocess.run(["readelf", "-W"] + list(args) + [elf],
                              capture_output=True, text=True).stdout
    functions = {}
    for line in readelf("-s").splitlines():
        f = line.split()
        if len(f) >= 8 and f[3] == "FUNC" and f[6] != "UND":
            functions[int(f[1], 16)] = f[7]
    targets, section = set(), ""
    relocation = re.compile(r"^\s*[0-9a-f]+\s+[0-9a-f]+\s+(R_X86_64_\w+)\s+([0-9a-f]+)"
                            r"\s+\S+\s*([+-])\s*([0-9a-f]+)")
    for line in readelf("-r").splitlines():
        header = re.match(r"Relocation section '([^']+)'", line)
        if header:
            section = header.group(1)
        m = relocation.match(line)
        if m is None or ".debug" in section:
            continue
        addend = int(m.group(4), 16) * (1 if m.group(3) == "+" else -1)
        target = int(m.group(2), 16) + addend
        if m.group(1) in ("R_X86_64_PC32", "R_X86_64_PLT32"):
            target += 4                     # relative to the end of a 4-byte field
        targets.add(target)
    entry = int(re.search(r"Entry point address:\s+0x([0-9a-f]+)", readelf("-h")).group(1), 16)
    return sorted(n for a, n in functions.items() if a not in targets and a != entry)


def no_dead_code(src, out):
    ok, log = make(["-f", "tools/kernel.mk", "SRC=" + src, "OUT=" + out,
                    "MAP=" + os.path.join(out, "linemap.json"), "relocs"])
    if not ok:
        report(False, "final kernel: links with its relocations", log[-3000:])
        return
    dead = unreferenced_functions(os.path.join(out, "kernel-relocs.elf"))
    report(not dead, "final kernel: every function in the image is referenced",
           "unreferenced: " + " ".join(dead))


# Who may name the screen's memory: the VGA driver's header and the console that
# hands it to the driver; paging, which maps its page; and the two boot traces
# that run before any driver exists (chapters 1 and 2).
SCREEN_MEMORY_NAMED_IN = {"console/vga.h", "console/console.c", "memory/paging.c",
                          "boot/boot.asm", "boot/main.c"}


def only_the_vga_driver_writes_the_screen(src):
    found = set()
    for path in glob.glob(os.path.join(src, "kernel", "*", "*")):
        with open(path) as f:
            if re.search(r"0x[bB]8000|VGA_TEXT_ADDRESS|\bVGA_TEXT\b", f.read()):
                found.add(os.path.relpath(path, os.path.join(src, "kernel")))
    extra = sorted(found - SCREEN_MEMORY_NAMED_IN)
    report(not extra, "final kernel: only the VGA driver's files name the screen's memory",
           "also named in: " + " ".join(extra))


def spelling():
    """codespell over everything a reader or a contributor reads; the words it
    would wrongly correct (IST, the asm constraint Nd, LaTeX's alph) are listed in
    book/spelling-words.txt."""
    proc = subprocess.run(["codespell", "-I", "book/spelling-words.txt",
                           "--skip", "*/node_modules", "chapters", "book",
                           "figures", "tools", "README.md", "LICENSE"],
                          cwd=REPO, capture_output=True, text=True)
    report(proc.returncode == 0, "spelling: codespell finds nothing in the chapters, "
           "the book's sources, the figures and the tools", proc.stdout + proc.stderr)


def no_circles(label, src, out):
    graph = layers.uses(src, out)
    found = layers.circles(graph)
    report(not found, "%s: no circle among the kernel's files" % label,
           "\n".join(layers.describe(graph, part) for part in found))


def epub_checks():
    """The EPUB edition (make book built it) passes Debian's epubcheck. Java
    runs with its quick compiler only and one collector thread: a run of
    fifteen seconds gains nothing from the optimizing compiler, whose threads
    took a third of its processor time (28 -> 18 processor-seconds, same wall time)."""
    proc = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                           "-jar", "/usr/share/java/epubcheck.jar",
                           "build/book/book.epub"], cwd=REPO, capture_output=True, text=True)
    report(proc.returncode == 0 and "0 fatals / 0 errors" in proc.stdout + proc.stderr,
           "book: epubcheck finds no error in the EPUB", (proc.stdout + proc.stderr)[-3000:])


# Set once the reader's book is built. The checks that read it run as jobs of
# their own, side by side (its files, Chromium's two audits, the instructor's
# edition, which shares the reader's screens), each waiting for it.
READER_BOOK = {"built": threading.Event(), "ok": False}


def reader_book_built(what):
    READER_BOOK["built"].wait()
    if not READER_BOOK["ok"]:
        report(False, "book: %s waits for the reader's book, which failed to build" % what)
    return READER_BOOK["ok"]


def book_checks():
    try:
        ok, log = make(["book"])
        READER_BOOK["ok"] = ok
    finally:
        READER_BOOK["built"].set()
    report(ok, "book: make book builds HTML and PDF", log[-3000:])


def book_files():
    """The reader's book as files: its pages, its PDF and its EPUB."""
    if not reader_book_built("the checks of its files"):
        return
    proc = subprocess.run([sys.executable, "tools/checkbook.py", "build/book"],
                          capture_output=True, text=True)
    tap_results("book", proc.stdout + proc.stderr, proc.returncode)
    epub_checks()


def book_in_chromium():
    """The HTML book in headless Chromium: its pages, then axe's audit."""
    if not reader_book_built("Chromium"):
        return
    proc = subprocess.run([sys.executable, "tools/browsercheck.py", "build/book"],
                          capture_output=True, text=True)
    tap_results("book in Chromium", proc.stdout + proc.stderr, proc.returncode)
    proc = subprocess.run([sys.executable, "tools/a11y.py", "build/book"],
                          capture_output=True, text=True)
    tap_results("book for every reader", proc.stdout + proc.stderr, proc.returncode)


def instructor_edition():
    """The instructor's edition, and its answers against the reader's edition."""
    if not reader_book_built("the instructor's edition"):
        return
    ok, log = make(["book", "EDITION=instructor"])
    report(ok, "book: make book EDITION=instructor builds the instructor's edition",
           log[-3000:])
    if ok:
        proc = subprocess.run([sys.executable, "tools/answers.py", "build/book",
                               "build/book-instructor"], capture_output=True, text=True)
        tap_results("book editions", proc.stdout + proc.stderr, proc.returncode)
