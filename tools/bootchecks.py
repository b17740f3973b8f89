"""Boot checks: a tests/boot/*.check file names a machine and what it must
show (serial lines, the screen, an exit status), and may type keys on the way;
chapter 4 of the book describes the lines of a check. Checks that only watch
the same machine boot share one boot. Each reports through runner.report.
"""
import os
import re
import shutil
import time

import qemu
from checks import root_chapters
from runner import note, report


def parse_check(path):
    spec = {"serial": [], "screen": [], "screen-line": [], "not-screen": [], "qemu": [],
            "not-serial": [],
            "disk": [],
            "serial-after-keys": [], "serial-keys": [], "serial-wait": [],
            "serial-actions": [],
            "keys": [],
            "timeout": 30, "exit": None, "screen-cleared": None, "kernel": "normal",
            "superseded": None, "emulator": "qemu", "same-serial-as": None,
            "boot": "direct", "command-line": None, "firmware": "bios",
            "serial-port": "com1", "boot-from": "cd"}
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            key, sep, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if not sep or key not in spec:
                raise SystemExit("%s:%d: unknown check line: %s" % (path, lineno, line))
            if key == "timeout":
                spec[key] = float(value)
            elif key == "superseded":
                spec[key] = value.strip()
            elif key in ("kernel", "emulator", "same-serial-as", "boot", "command-line",
                         "firmware", "serial-port", "boot-from"):
                spec[key] = value.strip()
            elif key == "exit":
                spec[key] = int(value)
            elif key == "screen-cleared":
                spec["screen"] = []     # a later chapter clears the screen
                spec["screen-line"] = []
            elif key == "qemu":
                spec[key] += value.split()
            else:
                spec[key].append(value)
            if key in ("serial-keys", "serial-wait"):     # done in the file's order
                spec["serial-actions"].append((key, value))
    return spec


def unescaped(text):
    """A check's text with its backslash escapes (\\n, \\x7f) made real."""
    return text.encode("latin-1").decode("unicode_escape")


def kernel_command_line(out, tag, spec):
    """A check's command line. From chapter 24 on, the kernel starts init and
    its shell in ring 3; a check written for an earlier chapter's kernel types
    to the kernel's shell, which the word kernel-shell asks for."""
    if spec["command-line"] is not None or spec["kernel"] == "test":
        return spec["command-line"]
    init_chapter = root_chapters(out).get("user/init.c")
    if init_chapter and int(tag.split("-")[0]) < init_chapter:
        return "kernel-shell"
    return None


def machine(out, tag, spec):
    """The emulated machine a boot check asks for, not yet started."""
    test_kernel = spec["kernel"] == "test"
    iso = os.path.join(out, "kernel-test.iso" if test_kernel else "kernel.iso")
    elf = os.path.join(out, "kernel-test.elf" if test_kernel else "kernel.elf")
    direct = (spec["boot"] != "grub" and spec["firmware"] == "bios" and
              spec["boot-from"] == "cd" and qemu.has_direct_entry(elf))
    if spec["emulator"] == "bochs":
        return qemu.Bochs(iso, os.path.join(out, "checks", tag))
    return qemu.Machine(iso, os.path.join(out, "checks", tag), extra=spec["qemu"],
                        exit_device=test_kernel, elf=elf if direct else None,
                        command_line=spec["command-line"], firmware=spec["firmware"],
                        serial_input=bool(spec["serial-keys"]),
                        serial_port=spec["serial-port"] != "none",
                        font=os.path.join(out, "console-font.psf"),
                        usb=spec["boot-from"] == "usb",
                        disks=qemu.test_disks(os.path.join(out, "checks", tag),
                                         spec["disk"] or (qemu.TEST_DISKS if test_kernel
                                                          else []), out))


def watch_boot(run, spec):
    """A check's waits for the boot: its serial lines, and without a serial
    port its first screen line. The serial lines that never came."""
    missing = run.wait_serial(spec["serial"], spec["timeout"])
    if spec["serial-port"] == "none" and spec["screen"]:
        wait_screen(run, spec["screen"][0], spec["timeout"])   # before any keys
    return missing


def drive(run, spec):
    """Watch the boot, type the check's keys and wait for what they should
    bring; (serial lines that never came, screen, exit status)."""
    missing = watch_boot(run, spec)
    for key in spec["keys"]:
        run.type_keys(key)
    waits = list(spec["serial"])
    for action, text in spec["serial-actions"]:   # \x7f and the like allowed
        if action == "serial-keys":
            run.type_serial(unescaped(text) + "\r")
        else:
            waits.append(unescaped(text))
            missing += run.wait_serial(waits, spec["timeout"])
    after = [unescaped(text) for text in spec["serial-after-keys"]]
    missing += run.wait_serial(spec["serial"] + after, spec["timeout"]) if after else []
    looks = spec["screen"] or spec["screen-line"] or spec["not-screen"]
    screen = read_screen(run, spec) if looks else ""
    rc = run.wait_exit(spec["timeout"]) if spec["exit"] is not None else None
    return missing, screen, rc


def boot_check(out, src, name):
    spec = parse_check(os.path.join(src, name))
    tag = os.path.splitext(os.path.basename(name))[0]
    if spec["superseded"]:
        note("skip   %s: superseded: %s" % (tag, spec["superseded"]))
        return
    spec["command-line"] = kernel_command_line(out, tag, spec)
    run = machine(out, tag, spec)
    missing = spec["serial"] + [unescaped(t) for t in
                                spec["serial-wait"] + spec["serial-after-keys"]]
    screen, rc, problem = "", None, ""
    try:
        run.start()
        missing, screen, rc = drive(run, spec)
    except OSError as e:
        problem = "QEMU could not be driven (did it exit early?): %s" % e
    finally:
        run.stop()
    judge(out, tag, spec, run.serial_text(), missing, screen, rc, problem)


def watches_only(spec):
    """A check that only watches a boot: no keys, no exit, no other boot to
    compare with. Such checks of the same machine can share its boot."""
    return not (spec["superseded"] or spec["keys"] or spec["serial-actions"] or
                spec["serial-after-keys"] or spec["exit"] is not None or
                spec["same-serial-as"] or spec["emulator"] != "qemu")


def machine_key(out, name, spec):
    """What makes a check's machine: two checks with the same key boot alike."""
    tag = os.path.splitext(os.path.basename(name))[0]
    grub = spec["boot"] == "grub" or spec["firmware"] != "bios" or spec["boot-from"] != "cd"
    return (spec["kernel"], grub, spec["firmware"], spec["boot-from"],
            spec["serial-port"], tuple(spec["qemu"]), tuple(spec["disk"]),
            kernel_command_line(out, tag, spec))


def boot_checks_sharing_a_boot(out, src, names):
    """Checks that only watch the same machine boot, judged on one boot: each
    waits for its own serial lines on the one serial log; the screen is read
    once everything any of them expects is on it; each then gets its verdicts,
    as if it had booted alone (its not-serial lines see the whole log). Every
    check's folder gets the log, for a later check that compares with it."""
    specs = [(os.path.splitext(os.path.basename(n))[0], parse_check(os.path.join(src, n)))
             for n in names]
    for tag, spec in specs:
        spec["command-line"] = kernel_command_line(out, tag, spec)
    both = {field: [line for _, spec in specs for line in spec[field]]
            for field in ("screen", "screen-line", "not-screen", "keys", "serial-keys")}
    run = machine(out, specs[0][0], specs[0][1])
    missing, screen, problem = {}, "", ""
    try:
        run.start()
        for tag, spec in specs:
            missing[tag] = watch_boot(run, spec)
        if both["screen"] or both["screen-line"] or both["not-screen"]:
            screen = read_screen(run, both)
    except OSError as e:
        problem = "QEMU could not be driven (did it exit early?): %s" % e
    finally:
        run.stop()
    serial = run.serial_text()
    for tag, spec in specs:
        if tag != specs[0][0] and os.path.exists(run.serial):
            os.makedirs(os.path.join(out, "checks", tag), exist_ok=True)
            shutil.copyfile(run.serial, os.path.join(out, "checks", tag, "serial.log"))
        judge(out, tag, spec, serial, missing.get(tag, spec["serial"]), screen, None,
              problem)


def judge(out, tag, spec, serial, missing, screen, rc, problem):
    """A boot check's verdicts, from what its boot showed."""
    detail = "%sserial:\n%s\nscreen:\n%s" % (problem and problem + "\n", serial[-1500:], screen)
    if problem:
        report(False, "%s: the machine can be inspected" % tag, detail)
    for want in spec["serial"]:
        report(want not in missing, "%s: serial shows '%s'" % (tag, want), detail)
    for want in spec["serial-wait"]:
        report(unescaped(want) not in missing,
               "%s: serial shows '%s' before the next keys" % (tag, want), detail)
    for want in spec["serial-after-keys"]:
        report(unescaped(want) not in missing,
               "%s: serial shows '%s' after the keys" % (tag, want), detail)
    for want in spec["screen"]:
        report(want in screen, "%s: screen shows '%s'" % (tag, want), detail)
    for want in spec["screen-line"]:
        report(want in screen.split("\n"), "%s: screen has the line '%s'" % (tag, want),
               detail)
    for unwanted in spec["not-serial"]:
        report(unwanted not in serial, "%s: serial does not show '%s'" % (tag, unwanted), detail)
    for unwanted in spec["not-screen"]:
        report(unwanted not in screen, "%s: screen does not show '%s'" % (tag, unwanted), detail)
    if spec["exit"] is not None:
        report(rc == spec["exit"], "%s: QEMU exits with %d" % (tag, spec["exit"]),
               "exit status %s\n%s" % (rc, detail))
    if spec["same-serial-as"]:
        same_serial(tag, serial, os.path.join(out, "checks", spec["same-serial-as"],
                                              "serial.log"))


def wait_screen(run, text, timeout):
    """Without a serial line, the screen is the only sign that the kernel is
    ready for keys."""
    deadline = time.time() + timeout
    while text not in run.screen() and time.time() < deadline:
        time.sleep(0.5)


def read_screen(run, spec):
    """The screen once it shows what the check expects, or as it is after a few
    seconds: the kernel may still be echoing keys or scrolling, and a screen
    read in the middle of a scroll shows one line twice."""
    def settled(screen):
        lines = screen.split("\n")
        return (all(w in screen for w in spec["screen"]) and
                all(w in lines for w in spec["screen-line"]))
    typed = spec["keys"] or spec["serial-keys"]
    deadline = time.time() + (3.0 if typed else 1.0)
    if typed and not (spec["screen"] or spec["screen-line"]):
        time.sleep(1.0)                 # only absences to check: let the keys land
    while True:
        screen = run.screen()
        if settled(screen) or time.time() > deadline:
            return screen
        time.sleep(0.1)


def serial_shape(line):
    """A serial line with its numbers masked: two machines differ in RAM and
    timing, not in which lines they print."""
    return re.sub(r"(0x)?[0-9a-fA-F]*[0-9][0-9a-fA-F]*", "#", line.rstrip())


# Lines that describe the machine itself: the memory map's, and from chapter 17
# the ACPI tables' and the processor's.
MACHINE_LINES = ("  0", "acpi:", "cpu:", "           features:")


def same_serial(tag, serial, reference_log):
    """Every line the reference boot printed must appear here too, numbers aside;
    the lines that describe the machine depend on it and are skipped."""
    try:
        with open(reference_log, "rb") as f:
            reference = f.read().decode("latin-1")
    except OSError as e:
        report(False, "%s: the reference boot's serial log exists" % tag, str(e))
        return
    here = {serial_shape(l) for l in serial.split("\n")}
    missing = [l for l in reference.split("\n")
               if l.strip() and not l.startswith(MACHINE_LINES) and
               serial_shape(l) not in here]
    report(not missing, "%s: every serial line of %s appears" % (tag, reference_log),
           "missing:\n" + "\n".join(missing) + "\n\nserial:\n" + serial[-1500:])
