"""The floor of make bench, and what every measure of it uses.

The floor is a bare Multiboot2 kernel this file writes and builds itself: a
header, a line to COM1, a halt. Everything is measured in a scratch copy of
the repository under build/bench/ (fresh_work), so your tree is never edited;
run and timed run a command there, median takes the middle of RUNS runs.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

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


def median(xs):
    return statistics.median(xs)
