#!/usr/bin/env python3
"""make crash: pull the plug while the kernel commits transactions, and check
after every reboot that the log kept its promises (chapter 21), and that the
file system did (chapter 22).

  crash.py [KILLS]          the log: default $CRASH_KILLS, or 50
  crash.py --files [KILLS]  the file system, with `churn` and the host's fsck

Boots build/kernel/kernel.elf (without GRUB) with one disk, a file of zeros
that outlives every boot of the run. Each round boots the kernel, types
`log vda` (which recovers the log and reports the transaction that blocks
100-103 hold), then `transactions vda 1000000`, and kills QEMU with SIGKILL
at a random moment once the commits have started. The next round's `log vda`
must find the four blocks whole (never two transactions mixed) and holding
the last transaction whose `committed N` reached the serial line, or the one
after it (which may have committed without its line getting out).
Prints TAP, one line per kill and one for the last boot.

With --files the disk is a file system made by the kernel's mkfs. Each round
boots, types `churn 1000000`, which first checks /churn and reports its
newest whole file, and kills QEMU once files are being written. Before the
next boot, the host's fsck must call the image clean (replaying a committed
transaction the log holds, as the kernel would); after it, the newest whole
file must be the last whose `churn N` reached the serial line, or the next.
"""
import os
import random
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHELL = "The kernel's shell. Type help for the commands."
HOLDS = re.compile(r"log: vda: blocks 100-103 (all hold transaction (\d+)|all hold "
                   r"nothing yet|disagree[^\n]*)")


def boot(workdir, image):
    elf = os.path.join(REPO, "build", "kernel", "kernel.elf")
    iso = os.path.join(REPO, "build", "kernel", "kernel.iso")
    machine = qemu.Machine(iso, workdir, elf=elf if qemu.has_direct_entry(elf) else None,
                           serial_input=True, disks=[(image, False)],
                           command_line="kernel-shell")   # it types the kernel shell's commands
    machine.start()
    if machine.wait_serial([SHELL], 60):
        machine.stop()
        return None
    return machine


def what_the_disk_holds(machine):
    """Type `log vda`; the transaction number the blocks hold (0: none), or
    the text of the problem."""
    machine.type_serial("log vda\r")
    deadline = time.time() + 30
    while time.time() < deadline:
        found = HOLDS.search(machine.serial_text())
        if found:
            if found.group(2):
                return int(found.group(2)), None
            if "nothing yet" in found.group(1):
                return 0, None
            return None, found.group(1)
        time.sleep(0.05)
    return None, "no answer to `log vda`:\n" + machine.serial_text()[-800:]


def run_until_killed(machine, rng):
    """Start the transactions, kill QEMU at a random moment; the last commit
    that reached the serial line (0 if none)."""
    machine.type_serial("transactions vda 1000000\r")
    if machine.wait_serial(["committed 1\n"], 30):
        return None
    time.sleep(rng.uniform(0.0, 1.5))
    machine.proc.kill()
    machine.proc.wait()
    time.sleep(0.1)                     # the copier drains what QEMU had sent
    numbers = [int(n) for n in re.findall(r"^committed (\d+)$", machine.serial_text(),
                                          re.M)]
    return max(numbers, default=0)


NEWEST = re.compile(r"churn: (newest whole file (\d+)|/churn breaks its promises|"
                    r"round \d+ failed[^\n]*)")


def churn_until_killed(machine, rng):
    """Type `churn`; (newest whole file found at boot, or None and the
    problem; the last `churn N` that reached the serial line before the kill)."""
    machine.type_serial("churn 1000000\r")
    deadline = time.time() + 60
    while time.time() < deadline and not NEWEST.search(machine.serial_text()):
        time.sleep(0.05)
    found = NEWEST.search(machine.serial_text())
    if not found or not found.group(2):
        return None, found.group(1) if found else "no answer from churn", 0
    newest = int(found.group(2))
    if machine.wait_serial(["churn %d\n" % (newest + 1)], 30):
        return None, "churn wrote nothing:\n" + machine.serial_text()[-600:], 0
    time.sleep(rng.uniform(0.0, 2.0))
    machine.proc.kill()
    machine.proc.wait()
    time.sleep(0.1)
    rounds = [int(n) for n in re.findall(r"^churn (\d+)$", machine.serial_text(), re.M)]
    return newest, None, max(rounds, default=newest)


def fsck(image):
    fsck_tool = os.path.join(REPO, "build", "kernel", "host", "fsck")
    proc = subprocess.run([fsck_tool, image], capture_output=True, text=True)
    return proc.returncode == 0, (proc.stdout + proc.stderr).strip()


def files_main(kills):
    workdir = os.path.join(REPO, "build", "crash-files")
    os.makedirs(workdir, exist_ok=True)
    image = qemu.test_disk(os.path.join(workdir, "disk.img"), 4096,
                           mkfs=os.path.join(REPO, "build", "kernel", "host", "mkfs"))
    rng = random.Random(int(os.environ.get("CRASH_SEED", str(int(time.time())))))
    print("1..%d" % (2 * kills + 1))
    last, failures, replays, t = 0, 0, 0, 0
    for n in range(1, kills + 2):
        machine = boot(os.path.join(workdir, "boot"), image)
        if machine is None:
            print("not ok %d - boot %d reaches the shell" % (t + 1, n))
            return 1
        try:
            newest, problem, written = churn_until_killed(machine, rng)
        finally:
            machine.stop()
        t += 1
        whole = problem is None and last <= newest <= last + 1
        print("%s %d - boot %d: newest whole file %s, last reported before the kill %d" % (
            "ok" if whole else "not ok", t, n, newest if problem is None else problem, last))
        failures += not whole
        if n == kills + 1 or not whole:
            break
        last = written
        clean, report = fsck(image)
        replays += "committed transaction" in report
        t += 1
        print("%s %d - kill %d, after churn %d: fsck: %s" % (
            "ok" if clean else "not ok", t, n, written, report.splitlines()[-1]))
        failures += not clean
        if not clean:
            print("# " + report.replace("\n", "\n# "))
            break
    print("# %d kills; fsck found a committed transaction to replay after %d" % (kills, replays))
    return 1 if failures else 0


def main(argv):
    if len(argv) > 1 and argv[1] == "--files":
        return files_main(int(argv[2]) if len(argv) > 2 else
                          int(os.environ.get("CRASH_KILLS", "50")))
    kills = int(argv[1]) if len(argv) > 1 else int(os.environ.get("CRASH_KILLS", "50"))
    workdir = os.path.join(REPO, "build", "crash")
    os.makedirs(workdir, exist_ok=True)
    image = qemu.test_disk(os.path.join(workdir, "disk.img"), 1024, zeros=True)
    rng = random.Random(int(os.environ.get("CRASH_SEED", str(int(time.time())))))
    print("1..%d" % (kills + 1))
    committed, failures, recoveries = 0, 0, 0
    for n in range(1, kills + 2):
        machine = boot(os.path.join(workdir, "boot"), image)
        if machine is None:
            print("not ok %d - boot %d reaches the shell" % (n, n))
            return 1
        try:
            holds, problem = what_the_disk_holds(machine)
            whole = problem is None and committed <= holds <= committed + 1
            what = "killed after commit %d" % committed if n > 1 else "a new disk"
            recovered = "recovered a committed transaction" in machine.serial_text()
            recoveries += recovered
            held = ("nothing yet" if holds == 0 else
                    "%d, whole%s" % (holds, ", recovered" if recovered else "")
                    if problem is None else problem)
            print("%s %d - boot %d, %s: holds %s" % (
                "ok" if whole else "not ok", n, n, what, held))
            failures += not whole
            if n == kills + 1 or not whole:
                break
            committed = run_until_killed(machine, rng)     # numbered from 1 again
            if committed is None:
                print("# the transactions did not start:\n# " +
                      machine.serial_text()[-600:].replace("\n", "\n# "))
                return 1
        finally:
            machine.stop()
    print("# %d kills; %d boots recovered a commit from the log" % (kills, recoveries))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
