"""The measures of make bench that take more than timing a command: keys typed
into a booted kernel, the heap's designs on a recorded trace, the executor,
system calls, process switches and the file system, each as rows for the
table (name, value, unit, floor, note) or as numbers for bench.py's rows."""
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fuzz  # noqa: E402
import qemu  # noqa: E402
from bench_floor import BENCH, WORK, median, run  # noqa: E402


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
