#!/usr/bin/env python3
"""make bench: the book's build and boot measured against a floor, in one run.

The floor is a bare Multiboot2 kernel this script writes and builds itself: a
header, a line to COM1, a halt.  Everything is measured in a scratch copy of
the repository under build/bench/, so your tree is never edited.  Figures are
medians; ratios compare with the floor measured in the same run.  Writes a
table to stdout and build/bench.json as a list of
{"name", "value", "unit", "floor", "ratio"}.
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fuzz  # noqa: E402
import qemu  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(REPO, "build", "bench")
WORK = os.path.join(BENCH, "work")
FLOOR = os.path.join(BENCH, "floor")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
GRUB_MODULES = "multiboot2 normal part_msdos iso9660 smbios test"

FLOOR_ASM = """\
; The benchmark floor: the least a Multiboot2 kernel can do to say hello.
section .multiboot2
align 8
header: dd 0xE85250D6, 0, header_end - header
        dd -(0xE85250D6 + (header_end - header))
        dw 0, 0
        dd 8
header_end:
section .text
bits 32
global start
start:  mov esi, hello
        mov dx, 0x3F8
.next:  lodsb
        test al, al
        jz .halt
        out dx, al
        jmp .next
.halt:  cli
        hlt
        jmp .halt
section .rodata
hello:  db "floor: hello", 10, 0
section .note.GNU-stack noalloc noexec nowrite progbits
"""

FLOOR_LD = """\
ENTRY(start)
PHDRS { text PT_LOAD FLAGS(5); rodata PT_LOAD FLAGS(4); }
SECTIONS {
    . = 1M;
    .text : ALIGN(4K) { KEEP(*(.multiboot2)) *(.text) } :text
    .rodata : ALIGN(4K) { *(.rodata) } :rodata
}
"""

GRUB_CFG = "set timeout=0\nmenuentry floor {\n    multiboot2 /boot/kernel.elf\n    boot\n}\n"


def run(cmd, cwd=None, check=True, env=None):
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env,
                          shell=isinstance(cmd, str))
    if check and proc.returncode != 0:
        sys.exit("bench: %s failed:\n%s%s" % (cmd, proc.stdout, proc.stderr))
    return proc


def timed(cmd, cwd=None):
    start = time.perf_counter()
    proc = run(cmd, cwd=cwd)
    return time.perf_counter() - start, proc.stdout + proc.stderr


def mkrescue(isodir, iso):
    return ["grub-mkrescue", "--install-modules=" + GRUB_MODULES, "--locales=", "--fonts=",
            "--themes=", "--compress=no", "-o", iso, isodir]


def build_floor():
    """Assemble, link and pack the floor kernel; returns the seconds it took."""
    shutil.rmtree(FLOOR, ignore_errors=True)
    os.makedirs(os.path.join(FLOOR, "iso", "boot", "grub"))
    with open(os.path.join(FLOOR, "floor.asm"), "w") as f:
        f.write(FLOOR_ASM)
    with open(os.path.join(FLOOR, "floor.ld"), "w") as f:
        f.write(FLOOR_LD)
    with open(os.path.join(FLOOR, "iso", "boot", "grub", "grub.cfg"), "w") as f:
        f.write(GRUB_CFG)
    start = time.perf_counter()
    run(["nasm", "-f", "elf64", "-o", "floor.o", "floor.asm"], cwd=FLOOR)
    run(["ld", "-n", "-z", "max-page-size=0x1000", "-T", "floor.ld", "-o",
         "iso/boot/kernel.elf", "floor.o"], cwd=FLOOR)
    run(mkrescue("iso", "floor.iso"), cwd=FLOOR)
    return time.perf_counter() - start


def fresh_work():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    for part in ("chapters", "tools", "tangle", "Makefile", "grub.cfg", "book", "figures",
                 "fuzz"):
        src = os.path.join(REPO, part)
        (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(WORK, part))


def boot_seconds(iso, marker, workdir):
    """Seconds from starting QEMU to `marker` appearing on COM1."""
    serial = os.path.join(workdir, "bench-serial.log")
    if os.path.exists(serial):
        os.remove(serial)
    start = time.perf_counter()
    proc = subprocess.Popen(["qemu-system-x86_64", "-cdrom", iso, "-boot", "d", "-m", "128M",
                             "-no-reboot", "-display", "none", "-serial", "file:" + serial,
                             "-monitor", "none"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - start < 60:
            try:
                with open(serial, "rb") as f:
                    if marker in f.read():
                        return time.perf_counter() - start
            except FileNotFoundError:
                pass
            time.sleep(0.002)
        sys.exit("bench: %s never printed %r" % (iso, marker))
    finally:
        proc.kill()
        proc.wait()


def text_size(elf):
    out = run(["size", "-A", elf]).stdout
    m = re.search(r"^\.text\s+(\d+)", out, re.M)
    return int(m.group(1))


def stub_path_instructions(obj):
    dis = run(["objdump", "-d", "--no-show-raw-insn", obj]).stdout
    blocks, name = {}, None
    for line in dis.split("\n"):
        m = re.match(r"^[0-9a-f]+ <(\w+)>:", line)
        if m:
            name = m.group(1)
            blocks[name] = []
        elif name and re.match(r"^\s+[0-9a-f]+:\s+\S", line):
            blocks[name].append(line.split(":", 1)[1].split()[0])
    stub = blocks.get("interrupt_stub_32", [])
    common = blocks.get("interrupt_common", [])
    ours = len(stub) + len(common)
    saved = sum(1 for op in common if op.startswith("push"))
    caller_saved = 9
    return ours, ours - 2 * (saved - caller_saved)


def key_flood(iso, count):
    """Type `count` a's through the monitor as `echo aaa...` lines of 45, then
    `mem`; count the a's the shell echoed on its input lines (those after the
    "> " prompt), and read the kernel's own count of scancodes its ring dropped."""
    m = qemu.Machine(iso, os.path.join(BENCH, "flood"), command_line="kernel-shell")
    m.start()
    try:
        if m.wait_serial(["The kernel's shell"], 60):
            sys.exit("bench: the kernel never showed its shell")
        sent = 0
        while sent < count:
            for key in ("e", "c", "h", "o", "spc"):
                m.monitor("sendkey " + key)
            for _ in range(min(45, count - sent)):
                m.monitor("sendkey a")
                sent += 1
            m.monitor("sendkey ret")
        for key in ("m", "e", "m", "ret"):
            m.monitor("sendkey " + key)
        m.wait_serial(["The kernel's shell", "scancodes dropped"], 30)
        text = m.serial_text()
    finally:
        m.stop()
    typed = sum(line.count("a") for line in text.split("\n") if line.startswith("> "))
    drops = re.findall(r"keyboard: (\d+) scancodes dropped", text)
    return sent, typed, int(drops[-1]) if drops else 0


def key_latency(iso, count, first=None):
    """Type `count` letters at a human pace, then ask the shell's `latency`
    command, which times each key in the guest with the TSC. `first`: a
    command typed before, such as a program started in the background."""
    m = qemu.Machine(iso, os.path.join(BENCH, "latency" if first is None else "latency-busy"),
                     command_line="kernel-shell")
    m.start()
    try:
        if m.wait_serial(["The kernel's shell"], 60):
            sys.exit("bench: the kernel never showed its shell")
        if first is not None:
            m.type_keys(first)
            time.sleep(1)
        for i in range(count):
            m.monitor("sendkey " + "abcdefghijklmnopqrstuvwxyz"[i % 26])
            time.sleep(0.05)
        m.monitor("sendkey ret")
        for _ in range(3):          # the longest report the shell prints, three times
            for key in ("m", "e", "m", "ret"):
                m.monitor("sendkey " + key)
            time.sleep(0.3)
        for key in ("l", "a", "t", "e", "n", "c", "y", "ret"):
            m.monitor("sendkey " + key)
        m.wait_serial(["The kernel's shell", "longest time with interrupts off"], 30)
        text = m.serial_text()
    finally:
        m.stop()
    whole = re.search(r"key to echo over the last \d+ keys: median (\d+) us", text)
    alone = re.search(r"the screen write alone: median (\d+) us", text)
    off = re.search(r"longest time with interrupts off: (\d+) us \(a timer tick is (\d+)", text)
    if not whole or not alone or not off:
        sys.exit("bench: the shell's latency command gave no figures")
    return int(whole.group(1)), int(alone.group(1)), int(off.group(1)), int(off.group(2))


DESIGNS = {0: "glibc malloc", 1: "bump", 2: "linked list", 3: "fixed-size blocks",
           4: "two-level segregated fit (kernel)"}


def replay_trace(tangled):
    """The replay trace: every malloc, calloc, realloc and free of GCC's cc1
    compiling the kernel's allocator, recorded by a preloaded library (chapter
    10's record_allocations.c), with addresses turned into reused slot numbers."""
    recorder = os.path.join(BENCH, "record_allocations.so")
    run(["gcc", "-shared", "-fPIC", "-O2", "-o", recorder,
         os.path.join(tangled, "tests", "bench", "record_allocations.c")])
    raw = os.path.join(BENCH, "cc1-allocations.raw")
    cc1 = run(["gcc", "-print-prog-name=cc1"]).stdout.strip()
    env = dict(os.environ, LD_PRELOAD=recorder, ALLOC_TRACE=raw)
    run([cc1, "-quiet", "-O2", "-std=c11", "-ffreestanding"] + fuzz.include_flags(tangled) +
        [os.path.join(tangled, "kernel", "memory", "heap_tlsf.c"), "-o", os.devnull], env=env)
    slots, spare, out = {}, [], []
    skipped = 0

    def take(address):
        slot = spare.pop() if spare else len(slots) + len(spare)
        slots[address] = slot
        return slot

    with open(raw) as f:
        for line in f:
            w = line.split()
            if w[0] == "m" and w[1] != "0":
                out.append("a %d %s" % (take(w[1]), w[2]))
            elif w[0] == "f" and w[1] in slots:
                slot = slots.pop(w[1])
                spare.append(slot)
                out.append("f %d" % slot)
            elif w[0] == "r" and w[1] == "0" and w[2] != "0":
                out.append("a %d %s" % (take(w[2]), w[3]))
            elif w[0] == "r" and w[1] in slots and w[2] != "0":
                slot = slots.pop(w[1])
                slots[w[2]] = slot
                out.append("r %d %s" % (slot, w[3]))
            elif w[0] == "r" and w[1] in slots and w[3] == "0":
                spare.append(slots.pop(w[1]))
                out.append("f %d" % spare[-1])
            elif w[0] != "m" and w[1] != "0":
                skipped += 1
    trace = os.path.join(BENCH, "cc1-allocations.trace")
    with open(trace, "w") as f:
        f.write("\n".join(out) + "\n")
    return trace, len(out), skipped


def allocator_rows(source):
    exe = os.path.join(BENCH, "heap_bench")
    run(["gcc", "-std=c11", "-O2", "-D_GNU_SOURCE"] +
        fuzz.include_flags(os.path.join(WORK, "tangle")) + ["-o", exe, source])
    trace, ops, skipped = replay_trace(os.path.join(WORK, "tangle"))
    rows = []
    for name in ("small", "mixed", "realloc", "replay"):
        args = [name, trace] if name == "replay" else [name]
        results = {}
        for design in DESIGNS:
            proc = run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                        "--toggle-collect=run_trace", exe, str(design)] + args)
            m = re.search(r"Collected : (\d+)", proc.stderr)
            out = dict(re.findall(r"(\w+) (\d+)", proc.stdout))
            worst = re.search(r"worst (\d+) op \d+ (\w+) (\d+)",
                              run([exe, str(design)] + args + ["worst"]).stdout)
            results[design] = (int(m.group(1)) / int(out["pairs"]), int(out["arena"]),
                               int(worst.group(1)), "%s of %s bytes" % worst.group(2, 3))
        glibc = results[0]
        label = "%s (cc1, %d operations, %d unmatched frees left out)" % (
            name, ops, skipped) if name == "replay" else name
        for design in (4, 3, 2, 1):
            rows.append(("alloc %s: instructions per malloc/free pair, %s" % (name, DESIGNS[design]),
                         round(results[design][0], 1), "instr", round(glibc[0], 1),
                         "floor: glibc malloc on the same trace (callgrind); trace " + label))
        for design in (4, 3, 2, 1):
            rows.append(("alloc %s: most instructions in one operation, %s" % (name, DESIGNS[design]),
                         results[design][2], "instr", glibc[2],
                         "floor: glibc's costliest (single-stepped); this one: %s"
                         % results[design][3]))
        for design in (4, 3, 2, 1):
            rows.append(("alloc %s: memory mapped at the end, %s" % (name, DESIGNS[design]),
                         results[design][1] // 1024, "KiB", glibc[1] // 1024,
                         "floor: glibc's arena (mallinfo2); target ratio <= 1.5"))
    return rows


def callgrind_per_op(exe, args, function):
    proc = run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                "--toggle-collect=" + function, exe] + args)
    ir = int(re.search(r"Collected : (\d+)", proc.stderr).group(1))
    return ir / int(re.search(r"ops (\d+)", proc.stdout).group(1))


def executor_rows(source):
    exe = os.path.join(BENCH, "executor_bench")
    run(["gcc", "-std=c11", "-O2"] + fuzz.include_flags(os.path.join(WORK, "tangle")) +
        ["-o", exe, source])
    direct = callgrind_per_op(exe, ["direct"], "run_direct")
    spawn = callgrind_per_op(exe, ["spawn"], "run_spawn")
    wake = callgrind_per_op(exe, ["wake"], "run_wake")
    note = "floor: calling the future's poll directly, no executor (callgrind)"
    return [("executor: instructions per spawn-to-completion", round(spawn, 1), "instr",
             round(direct, 1), note),
            ("executor: instructions per wake-to-poll", round(wake, 1), "instr",
             round(direct, 1), note)]


def symbol_range(elf, name):
    """'0xSTART..0xLAST' of a symbol, for QEMU's -dfilter; a NASM label has no
    size, so it ends where the next symbol starts."""
    table = run(["nm", "-n", "-S", elf]).stdout.split("\n")
    for i, line in enumerate(table):
        parts = line.split()
        if parts and parts[-1] == name:
            start = int(parts[0], 16)
            if len(parts) == 4:
                return "0x%x..0x%x" % (start, start + int(parts[1], 16) - 1)
            nxt = int(table[i + 1].split()[0], 16)
            return "0x%x..0x%x" % (start, nxt - 1)
    sys.exit("bench: %s has no symbol %s" % (elf, name))


def syscall_rows(work):
    """Chapter 13: a getpid round trip, timed by the probe program inside the
    guest; its ring-0 instructions from QEMU's execution log; the host's
    getppid, timed the same way in the same run."""
    run(["make", "-s", "-f", "tools/kernel.mk", "SRC=tangle", "OUT=build/kernel", "MAP=",
         "test-iso"], cwd=work)
    elf = os.path.join(work, "build", "kernel", "kernel-test.elf")
    base = ["qemu-system-x86_64", "-kernel", elf, "-append", "ktest=measure_a_system_call",
            "-m", "128M", "-no-reboot", "-display", "none", "-monitor", "none",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    serial = os.path.join(BENCH, "syscall-serial.log")
    guest, call = [], []
    for _ in range(3):
        subprocess.run(base + ["-serial", "file:" + serial], timeout=120)
        m = re.search(r"cycles per getpid round trip: (\d+); per function call: (\d+)",
                      open(serial).read())
        if not m:
            sys.exit("bench: the probe printed no measurement:\n" + open(serial).read())
        guest.append(int(m.group(1)))
        call.append(int(m.group(2)))
    log = os.path.join(BENCH, "syscall-exec.log")
    entry = symbol_range(elf, "syscall_entry")
    ranges = ",".join([entry, symbol_range(elf, "syscall_dispatch"),
                       symbol_range(elf, "sys_getpid")])
    subprocess.run(base + ["-serial", "file:" + serial, "-singlestep", "-d", "exec,nochain",
                           "-dfilter", ranges, "-D", log], timeout=300)
    first = "%016x" % int(entry.split("..")[0], 16)
    trips, count = [], None
    for line in open(log):
        m = re.search(r"\[[0-9a-f]+/([0-9a-f]+)/", line)
        if not m:
            continue
        if m.group(1) == first:
            if count is not None:
                trips.append(count)
            count = 0
        if count is not None:
            count += 1
    host = os.path.join(BENCH, "getppid_bench")
    run(["gcc", "-O2", "-o", host,
         os.path.join(work, "tangle", "tests", "bench", "getppid_bench.c")])
    host_cycles, host_call = (int(x) for x in run([host]).stdout.split())
    note = "fastest of 64 batches of 64, median of 3 boots; guest cycles are the host's TSC under TCG"
    return [("system call: cycles per getpid round trip (guest)", median(guest), "cycles",
             median(call), "floor: a call to an empty function in the same program; " + note),
            ("system call: guest getpid against the host's getppid", median(guest), "cycles",
             host_cycles, "floor: Linux's getppid timed the same way on the host (a call: %d)"
             % host_call),
            ("system call: ring-0 instructions per getpid round trip", median(trips), "instr",
             None, "syscall_entry to sysret, counted in QEMU's -singlestep -d exec log")]


def process_rows(work):
    """Chapter 14: a yield to another process and back against a getpid, and
    the time from process_spawn to the program's first instruction (guest TSC,
    median of 3 boots of the test kernel running one measuring test)."""
    elf = os.path.join(work, "build", "kernel", "kernel-test.elf")
    serial = os.path.join(BENCH, "process-serial.log")
    yields, getpids, starts = [], [], []
    for _ in range(3):
        subprocess.run(["qemu-system-x86_64", "-kernel", elf, "-append",
                        "ktest=measure_a_switch_and_a_start", "-m", "128M", "-no-reboot",
                        "-display", "none", "-monitor", "none", "-serial", "file:" + serial,
                        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"], timeout=120)
        text = open(serial).read()
        m = re.search(r"yield to another process and back: (\d+); per getpid: (\d+)", text)
        n = re.search(r"spawn to the program's first instruction: (\d+)", text)
        if not (m and n):
            sys.exit("bench: the switch measurement printed nothing:\n" + text)
        yields.append(int(m.group(1)))
        getpids.append(int(m.group(2)))
        starts.append(int(n.group(1)))
    return [("context switch: cycles per yield to another process and back (guest)",
             median(yields), "cycles", median(getpids),
             "two switches with CR3 loads, and a system call; floor: getpid, the system "
             "call alone; under TCG a CR3 load also flushes QEMU's translations"),
            ("process start: cycles from spawn to the program's first instruction (guest)",
             median(starts), "cycles", None,
             "fastest of 16 starts: table entry, kernel stack, address space, image copy")]


def file_system_rows(work):
    """Chapter 22: the file system against the raw disk, in one boot of the test
    kernel measuring with a file system of 32 MiB (mkfs) and the numbered test
    disk as the raw device (median of 3 boots)."""
    elf = os.path.join(work, "build", "kernel", "kernel-test.elf")
    mkfs = os.path.join(work, "build", "kernel", "host", "mkfs")
    serial = os.path.join(BENCH, "fs-serial.log")
    names = ["raw_write", "raw_read", "create", "write", "read", "remove", "big_write",
             "big_read"]
    runs = []
    for _ in range(3):
        raw = qemu.test_disk(os.path.join(BENCH, "fs-raw.img"), 1024)
        disk = qemu.test_disk(os.path.join(BENCH, "fs.img"), 32768, mkfs=mkfs)
        subprocess.run(["qemu-system-x86_64", "-kernel", elf, "-append",
                        "ktest=measure_the_file_system", "-m", "128M", "-no-reboot",
                        "-display", "none", "-monitor", "none", "-serial", "file:" + serial,
                        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                        "-drive", "file=%s,format=raw,if=virtio" % raw,
                        "-drive", "file=%s,format=raw,if=virtio" % disk], timeout=900)
        m = re.search(r"raw block write (\d+) read (\d+); small file create (\d+) write "
                      r"(\d+) read (\d+) remove (\d+); per KiB of 8 MiB write (\d+) read (\d+)",
                      open(serial).read())
        if not m:
            sys.exit("bench: the file system measurement printed nothing:\n" +
                     open(serial).read()[-2000:])
        runs.append(dict(zip(names, (int(x) for x in m.groups()))))
    v = {name: median([r[name] for r in runs]) for name in names}
    note = "guest cycles (host TSC under TCG), median of 3 boots; floor: "
    return [("file system: create one of 1,000 small files", v["create"], "cycles",
             v["raw_write"], note + "one raw block write on the same virtio disk type"),
            ("file system: write 100 bytes to one of 1,000 small files", v["write"], "cycles",
             v["raw_write"], note + "one raw block write"),
            ("file system: read one of 1,000 small files", v["read"], "cycles",
             v["raw_read"], note + "one raw block read (the file system's hits the cache)"),
            ("file system: remove one of 1,000 small files", v["remove"], "cycles",
             v["raw_write"], note + "one raw block write"),
            ("file system: sequential write of 8 MiB, per KiB", v["big_write"], "cycles",
             v["raw_write"], note + "one raw block write of 1 KiB"),
            ("file system: sequential read of 8 MiB, per KiB", v["big_read"], "cycles",
             v["raw_read"], note + "one raw block read of 1 KiB")]


def median(xs):
    return statistics.median(xs)


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
        for kind, seconds in sorted(summary.get("kinds", {}).items()):
            if kind != "note":
                row("make test: work of kind '%s', summed over workers" % kind, seconds, "s",
                    None, "where the wall time goes: a kind's jobs, all workers together")
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
