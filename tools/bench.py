#!/usr/bin/env python3
"""make bench: the book's build and boot measured against a floor, in one run.

This file runs the measures in order and writes the table; bench_floor.py
builds the floor (a bare Multiboot2 kernel: a header, a line to COM1, a halt)
and holds what every measure uses; bench_measures.py holds the measures that
boot the kernel or replay a trace. Everything is measured in a scratch copy of
the repository under build/bench/, so your tree is never edited.  Figures are
medians; ratios compare with the floor measured in the same run.  Writes a
table to stdout and build/bench.json as a list of
{"name", "value", "unit", "floor", "ratio"}.
"""

import json
import os
import re
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_floor import (BENCH, FLOOR, REPO, RUNS, WORK, boot_seconds,  # noqa: E402
                         build_floor, fresh_work, median, mkrescue, run,
                         stub_path_instructions, text_size, timed)
from bench_measures import (allocator_rows, executor_rows, file_system_rows,  # noqa: E402
                            key_flood, key_latency, process_rows, syscall_rows)


def main():
    os.makedirs(BENCH, exist_ok=True)
    rows = []

    def row(name, value, unit, floor, note=""):
        ratio = round(value / floor, 2) if floor else None
        rows.append({"name": name, "value": round(value, 4), "unit": unit,
                     "floor": round(floor, 4) if floor is not None else None,
                     "ratio": ratio, "note": note})

    # Floors
    floor_build = median([build_floor() for _ in range(RUNS)])
    floor_iso = os.path.join(FLOOR, "floor.iso")
    fresh_work()
    kernel_isodir = os.path.join(WORK, "build", "kernel", "kernel.isodir")

    # Clean build of the book's kernel: tangle, compile, link, ISO.
    clean = []
    for _ in range(RUNS):
        shutil.rmtree(os.path.join(WORK, "build"), ignore_errors=True)
        t, _ = timed(["make", "-s"], cwd=WORK)
        clean.append(t)
    row("clean build (tangle, compile, link, ISO)", median(clean), "s", floor_build,
        "floor: nasm + ld + grub-mkrescue of the bare kernel")

    # grub-mkrescue alone, on the kernel's own ISO tree.
    mk = []
    for _ in range(RUNS):
        t, _ = timed(mkrescue(kernel_isodir, os.path.join(BENCH, "alone.iso")))
        mk.append(t)
    mk_alone = median(mk)

    # Edit one code chunk -> new ISO.
    ch3 = os.path.join(WORK, "chapters", "03-text-on-the-screen.nw")
    original = open(ch3).read()
    edits = []
    for i in range(RUNS):
        with open(ch3, "w") as f:
            f.write(original.replace("Hello, reader!", "Hello, reader %d!" % i))
        t, out = timed(["make"], cwd=WORK)
        if "CC      tangle/kernel/boot/main.c" not in out or "ISO" not in out:
            sys.exit("bench: the code edit did not rebuild main.c and the ISO:\n" + out)
        edits.append(t)
    row("edit one code chunk to a new ISO", median(edits), "s", mk_alone,
        "floor: grub-mkrescue alone; target ratio <= 2.5")

    # Edit prose only -> nothing recompiled.
    ch2 = os.path.join(WORK, "chapters", "02-from-grub-to-long-mode.nw")
    prose = open(ch2).read()
    recompiled, prose_times = [], []
    for i in range(RUNS):
        with open(ch2, "w") as f:
            f.write(prose.replace("GRUB leaves us", "GRUB (edit %d) leaves us" % i, 1))
        t, out = timed(["make"], cwd=WORK)
        recompiled.append(len(re.findall(r"^\s*(CC|AS|LD|ISO)\s", out, re.M)))
        prose_times.append(t)
    row("edit prose only: steps rerun (CC, AS, LD, ISO)", max(recompiled), "steps", None,
        "target 0")
    row("edit prose only: time", median(prose_times), "s", mk_alone, "floor: grub-mkrescue alone")

    # The same prose edit, seen in the HTML book: only that chapter's page (and
    # the contents page) is remade. Floor: pandoc making that one page alone.
    run(["make", "-s", "book"], cwd=WORK)
    html_times = []
    for i in range(RUNS):
        with open(ch2, "w") as f:
            f.write(prose.replace("GRUB leaves us", "GRUB (book edit %d) leaves us" % i, 1))
        t, out = timed(["make", "html"], cwd=WORK)
        html_times.append(t)
    md = os.path.join(WORK, "build", "book", "md")
    nav = run([sys.executable, "book/nav.py", os.path.join(md, "book.json"),
               "02-from-grub-to-long-mode"], cwd=WORK).stdout.strip().split(" ")
    page_alone, _ = timed(["pandoc", "--from", "markdown", "--to", "html5", "--standalone",
                           "--template", "book/template.html", "--lua-filter",
                           "book/figures.lua", "--highlight-style", "tango",
                           "--section-divs"] + nav + ["-o", "/dev/null",
                           os.path.join(md, "02-from-grub-to-long-mode.md")], cwd=WORK)
    row("edit prose only: HTML book ready (make html)", median(html_times), "s", page_alone,
        "floor: pandoc on that chapter's page alone; target at most 3 s")

    # Boot to greeting.
    run(["make", "-s"], cwd=WORK)
    kernel_iso = os.path.join(WORK, "build", "kernel", "kernel.iso")
    boots, floors = [], []
    for _ in range(RUNS):
        floors.append(boot_seconds(floor_iso, b"floor: hello", FLOOR))
        boots.append(boot_seconds(kernel_iso, b"Hello, reader", os.path.join(WORK, "build")))
    row("QEMU start to greeting on serial", median(boots), "s", median(floors),
        "floor: bare kernel's first serial line; target ratio <= 1.2")

    # Size.
    row("kernel .text size", text_size(os.path.join(WORK, "build", "kernel", "kernel.elf")),
        "bytes", text_size(os.path.join(FLOOR, "iso", "boot", "kernel.elf")), "floor: bare kernel")

    # Interrupt entry and exit: instructions from a stub to iretq, read from the
    # assembled object.  Floor: the same path saving only the nine registers a C
    # call may clobber (what a handler needs if it never reports the full state).
    stubs = os.path.join(WORK, "build", "kernel", "obj", "kernel", "interrupts",
                         "interrupt_stubs.o")
    if os.path.exists(stubs):
        ours, floor = stub_path_instructions(stubs)
        row("interrupt entry+exit: instructions, stub to iretq", ours, "instr", floor,
            "floor: saving only the 9 caller-saved registers")

    # A key flood through QEMU's monitor while the kernel echoes.
    if os.path.exists(os.path.join(WORK, "tangle", "kernel", "shell", "shell.c")):
        sent, received, ring_drops = key_flood(kernel_iso, 300)
        row("key flood of %d: scancodes dropped by the kernel's full ring" % sent, ring_drops,
            "bytes", None, "target 0: the kernel kept up")
        row("key flood of %d: keys that never reached the shell" % sent,
            sent - received, "keys", None,
            "lost in QEMU's PS/2 queue: the monitor sends faster than the device holds")

    # Key press to echo, timed inside the guest (the shell's latency command).
    shell_c = os.path.join(WORK, "tangle", "kernel", "shell", "shell.c")
    if os.path.exists(shell_c) and "key_latency_command" in open(shell_c).read():
        whole, alone, off, tick = key_latency(kernel_iso, 32)
        row("key press to echo: interrupt to screen, median of 32 (guest TSC)", whole, "us",
            alone, "floor: the screen write alone, as an echo from the handler would do")
        row("longest interrupts-off window, typing and three mem reports (guest TSC)",
            off, "us", tick, "floor: one timer tick; target ratio < 1 (no tick lost)")
        programs_asm = os.path.join(WORK, "tangle", "kernel", "user", "programs.asm")
        if os.path.exists(programs_asm) and "flood.bin" in open(programs_asm).read():
            busy, _, busy_off, _ = key_latency(kernel_iso, 32, "f l o o d spc shift-7 ret")
            row("key press to echo while flood writes 16 KiB per system call, median of 32",
                busy, "us", whole, "floor: the same with nothing running; bounded by a "
                "time slice (20 ms), not by the length of the write")
            row("longest interrupts-off window while flood writes (guest TSC)",
                busy_off, "us", tick, "floor: one timer tick; target ratio < 1")

    # Allocators: instructions per operation under callgrind, and memory left mapped.
    heap_bench = os.path.join(WORK, "tangle", "tests", "bench", "heap_bench.c")
    if os.path.exists(heap_bench) and shutil.which("valgrind"):
        for r in allocator_rows(heap_bench):
            row(*r)

    executor_bench = os.path.join(WORK, "tangle", "tests", "bench", "executor_bench.c")
    if os.path.exists(executor_bench) and shutil.which("valgrind"):
        for r in executor_rows(executor_bench):
            row(*r)

    getppid_bench = os.path.join(WORK, "tangle", "tests", "bench", "getppid_bench.c")
    if os.path.exists(getppid_bench):
        for r in syscall_rows(WORK):
            row(*r)
        if "measure_a_switch_and_a_start" in open(os.path.join(
                WORK, "tangle", "tests", "kernel", "process_test.c")).read():
            for r in process_rows(WORK):
                row(*r)
    if os.path.exists(os.path.join(WORK, "tangle", "host", "mkfs.c")):
        for r in file_system_rows(WORK):
            row(*r)

    # Each lab's grader, as a student first runs it: from no build at all.
    listing = run([sys.executable, "tools/lab.py", "list"], cwd=WORK).stdout
    for name in [line.split()[0] for line in listing.splitlines() if line.strip()]:
        shutil.rmtree(os.path.join(WORK, "build", "grade", name), ignore_errors=True)
        seconds, _ = timed(["make", "grade", "LAB=" + name], cwd=WORK)
        row("make grade LAB=%s: wall time from no build" % name, seconds, "s", None,
            "target: at most 30 s on 2 cores")

    # The whole test suite, in the scratch copy: its wall time and how many
    # machines it booted per second (tools/test.py writes both).
    if os.environ.get("BENCH_TEST", "1") == "1":
        fresh_work()
        start = time.perf_counter()
        proc = run([sys.executable, "tools/test.py"], cwd=WORK, check=False)
        wall = time.perf_counter() - start
        with open(os.path.join(WORK, "build", "test-summary.json")) as f:
            summary = json.load(f)
        row("make test: wall time, every test of every chapter", wall, "s", None,
            "%d passed, %d failed, on %d workers (target: at most 90 s)"
            % (summary["passed"], summary["failed"], summary["workers"]))
        row("make test: machines booted per second", summary["boots"] / wall, "boots/s",
            None, "%d boots" % summary["boots"])
        for kind, seconds in sorted(summary.get("cpu", {}).items()):
            if kind != "note":
                row("make test: processor time of kind '%s'" % kind, seconds, "s",
                    None, "where the work goes: a kind's jobs and the programs they ran")
        row("make test: processor time, the whole machine", summary["busy"], "s", None,
            "every processor's busy time during the run; the kinds above count %.0f s of it"
            % sum(summary.get("cpu", {}).values()))
        if proc.returncode != 0:
            print(proc.stdout[-3000:])

    with open(os.path.join(REPO, "build", "bench.json"), "w") as f:
        json.dump([{k: r[k] for k in ("name", "value", "unit", "floor", "ratio")} for r in rows],
                  f, indent=1)
    print("%-50s %10s %6s %10s %7s" % ("measure", "value", "unit", "floor", "ratio"))
    for r in rows:
        print("%-50s %10s %6s %10s %7s" % (r["name"], r["value"], r["unit"],
                                           "-" if r["floor"] is None else r["floor"],
                                           "-" if r["ratio"] is None else r["ratio"]))
    print("\n(medians of %d runs; grub-mkrescue alone: %.3f s; written to build/bench.json)"
          % (RUNS, mk_alone))
    for r in rows:
        if r["note"]:
            print("  %s: %s" % (r["name"], r["note"]))


if __name__ == "__main__":
    main()
