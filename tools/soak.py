#!/usr/bin/env python3
"""make soak: keep the final kernel busy for a while and check that nothing leaks.

  soak.py [SECONDS]     default: $SOAK_SECONDS, or 3600

Boots build/kernel/kernel.iso, reads the shell's `mem` report as a baseline,
then until the time is up types commands at a human pace (echo, uptime, tasks,
mem, breakpoint, clear, latency) and now and then floods the keyboard. Every
command's answer must arrive. At the end `mem` again: the frames and heap
bytes in use must equal the baseline, no allocation may have failed or been
refused, every key the kernel dropped must have been counted, and the clock
must have kept time. From chapter 22 it also writes, reads and removes files,
and at the end the file system's free blocks and inodes must equal the
baseline, with no buffer held and no file open. Chapter 12 of the book
explains the soak.
Prints TAP, one line per check, so that `make test` can run a short soak.
"""
import os
import random
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHELL = "The kernel's shell. Type help for the commands."
KEY_NAMES = {" ": "spc", "-": "minus", ".": "dot", "&": "shift-7", "/": "slash"}


class Session:
    def __init__(self, machine):
        self.m = machine
        self.seen = 0                   # serial offset already answered

    def type(self, text, pause=0.03):
        for ch in text:
            self.m.monitor("sendkey " + KEY_NAMES.get(ch, ch))
            time.sleep(pause)
        self.m.monitor("sendkey ret")

    def answer(self, wanted, timeout=20):
        """Wait for `wanted` on COM1 after the previous answer; the text since."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            text = self.m.serial_text()
            at = text.find(wanted, self.seen)
            end = text.find("\n", at) if at >= 0 else -1
            if end >= 0:                # the whole line, not the part sent so far
                chunk, self.seen = text[self.seen:end], end
                return chunk
            time.sleep(0.05)
        return None


def mem_figures(text):
    frames = re.search(r"frames: \d+ total, (\d+) used", text)
    heap = re.search(r"heap: +(\d+) KiB mapped, (\d+) bytes in use", text)
    counts = re.search(r"(\d+) allocations, (\d+) frees, (\d+) failed, (\d+) refused", text)
    drops = re.search(r"keyboard: (\d+) scancodes dropped", text)
    if not (frames and heap and counts and drops):
        return None
    # The heap's arena keeps up to 64 KiB of free memory mapped (chapter 10),
    # so frames are compared without the arena's own pages.
    return {"frames used": int(frames.group(1)), "heap bytes in use": int(heap.group(2)),
            "frames used outside the heap": int(frames.group(1)) - int(heap.group(1)) // 4,
            "failed": int(counts.group(3)), "refused": int(counts.group(4)),
            "dropped": int(drops.group(1))}


# Part V's programs, when the kernel has them: a process that exits, one that
# faults, and one that spins in the background until it is killed.
PROGRAM_ACTIONS = (["words", "crash", "spin", "pi"]
                   if os.path.exists(os.path.join(REPO, "tangle", "kernel", "ramdisk"))
                   else [])


# Chapter 22's file system, when the kernel has one: files written, read back
# and removed through the kernel's fs command, and listed by chapter 23's ls.
FILE_ACTIONS = (["file", "file"]
                if os.path.exists(os.path.join(REPO, "tangle", "kernel", "fs", "fs.c")) else [])


def disk_usage(session):
    """(free blocks, free inodes, buffers held, files open), or None."""
    session.type("fs df")
    df = re.search(r"(\d+) of \d+ blocks free.*, (\d+) of \d+ inodes free",
                   session.answer("inodes free") or "")
    session.type("cache")
    held = re.search(r"(\d+) held;", session.answer("held;") or "")
    session.type("files")
    open_files = re.search(r"files: (\d+) open", session.answer("open besides") or "")
    if not (df and held and open_files):
        return None
    return (int(df.group(1)), int(df.group(2)), int(held.group(1)), int(open_files.group(1)))


def mem(session):
    session.type("mem")
    return mem_figures(session.answer("scancodes dropped") or "")


def main(argv):
    seconds = float(argv[1] if len(argv) > 1 else os.environ.get("SOAK_SECONDS", "3600"))
    iso = os.path.join(REPO, "build", "kernel", "kernel.iso")
    machine = qemu.Machine(iso, os.path.join(REPO, "build", "soak"),
                           command_line="kernel-shell")  # its commands are the kernel shell's
    results = []

    def check(ok, name, detail=""):
        results.append(ok)
        print("%s %d - %s" % ("ok" if ok else "not ok", len(results), name), flush=True)
        if detail and not ok:
            for line in str(detail).split("\n")[-20:]:
                print("# " + line)

    machine.start()
    try:
        session = Session(machine)
        if session.answer(SHELL, 60) is None:
            check(False, "the kernel reaches its shell", machine.serial_text()[-1500:])
            print("1..%d" % len(results))
            return 1
        time.sleep(0.5)
        session.type("uptime")
        uptime_before = session.answer("uptime:")
        if PROGRAM_ACTIONS:
            # The first process maps the page tables of the kernel stacks' region
            # (chapter 14), once for the machine's life: not a leak, so before
            # the baseline.
            session.type("words warm-up")
            session.answer("0: warm-up")
        start = time.time()
        disk_before = disk_usage(session) if FILE_ACTIONS else None
        before = mem(session)
        check(before is not None, "the baseline mem report is read")
        rounds, silent, flooded, sent_in_floods = 0, [], 0, 0
        rng = random.Random(1)
        while time.time() - start < seconds:
            rounds += 1
            action = rng.choice(["echo", "uptime", "tasks", "mem", "breakpoint",
                                 "clear", "latency", "flood"] + PROGRAM_ACTIONS +
                                FILE_ACTIONS)
            if action == "words":
                session.type("words soak-%d" % rounds)
                ok = session.answer("0: soak-%d" % rounds) is not None
            elif action == "pi":            # floating point, in a process of its own
                session.type("pi 2000")
                ok = session.answer("pi is about 3.1410926536 after 2000 terms") is not None
            elif action == "crash":
                session.type("crash")
                ok = session.answer("crash ended by fault 14") is not None
            elif action == "spin":
                session.type("spin &")
                started = session.answer("] spin")
                pid = re.search(r"\[(\d+)\] spin", started or "")
                session.type("echo while-spinning-%d" % rounds)
                ok = pid is not None and session.answer("\nwhile-spinning-%d" % rounds)
                if pid:
                    session.type("kill " + pid.group(1))
                    ok = ok and session.answer("[%s] spin was killed" % pid.group(1))
                ok = bool(ok)
            elif action == "file":
                name = "/soak-%d" % rounds
                session.type("fs write %s content-%d" % (name, rounds))
                session.type("fs cat " + name)
                ok = session.answer("\ncontent-%d" % rounds) is not None
                session.type("fs rm " + name)
                session.type("fs ls /")
                ok = ok and session.answer("bin ") is not None
            elif action == "echo":
                word = "soak-%d" % rounds
                session.type("echo " + word)
                ok = session.answer("\n" + word) is not None
            elif action == "flood":
                keys = rng.randint(40, 70)
                for _ in range(keys):       # as fast as the monitor goes
                    machine.monitor("sendkey " + rng.choice("abcdefghij"))
                machine.monitor("sendkey ret")
                flooded, sent_in_floods = flooded + 1, sent_in_floods + keys
                time.sleep(0.3)
                session.type("echo after-flood-%d" % rounds)
                ok = session.answer("\nafter-flood-%d" % rounds) is not None
            else:
                wanted = {"uptime": "uptime:", "tasks": "clock", "mem": "scancodes dropped",
                          "breakpoint": "back from the breakpoint handler",
                          "clear": "> ", "latency": "longest time with interrupts off"}
                session.type(action)
                ok = session.answer(wanted[action]) is not None
            if not ok:
                silent.append("%d:%s" % (rounds, action))
        elapsed = time.time() - start
        session.type("uptime")
        uptime = session.answer("uptime:")
        after = mem(session)
        disk_after = disk_usage(session) if FILE_ACTIONS else None
        serial = machine.serial_text()
    finally:
        machine.stop()

    check(not silent, "every one of %d commands was answered" % rounds,
          "no answer to: " + " ".join(silent))
    check(after is not None, "the final mem report is read", serial[-1500:])
    if before and after:
        for key in ("frames used outside the heap", "heap bytes in use"):
            check(after[key] == before[key], "%s: %d before, %d after"
                  % (key, before[key], after[key]))
        check(after["failed"] == 0 and after["refused"] == 0,
              "no allocation failed or was refused (%d, %d)"
              % (after["failed"], after["refused"]))
        received = sum(len(m) for m in re.findall(r"^> ([a-j]{10,})$", serial, re.M))
        check(received + after["dropped"] <= sent_in_floods,
              "%d flooded keys: %d reached the shell, %d counted as dropped by the ring, "
              "the rest lost before the kernel" % (sent_in_floods, received, after["dropped"]))
    if FILE_ACTIONS:
        check(disk_before is not None and disk_after is not None and
              disk_after[:2] == disk_before[:2] and disk_after[2:] == (0, 0),
              "the file system is back at its baseline: free blocks, free inodes, "
              "buffers held, files open %s before, %s after" % (disk_before, disk_after))
    # A program's fault is reported as an exception too, and then ended; every
    # report must be one of those.
    reports = serial.count("EXCEPTION")
    ended = serial.count("ended by this fault; the kernel goes on")
    check(reports == ended and "PANIC" not in serial,
          "no exception but programs' faults (%d), and no panic" % ended, serial[-1500:])
    first = re.search(r"uptime: (\d+\.\d+) s", uptime_before or "")
    last = re.search(r"uptime: (\d+\.\d+) s", uptime or "")
    kept = first and last and float(last.group(1)) - float(first.group(1))
    check(kept is not None and abs(kept - elapsed) <= 1 + elapsed / 10,
          "the clock kept time: %.2f s of uptime in %.1f s of soak" % (kept or 0, elapsed))
    print("1..%d" % len(results))
    print("# %d rounds in %.0f s, %d floods" % (rounds, elapsed, flooded))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
