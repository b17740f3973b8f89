"""Drive QEMU for the tests and the benchmarks: boot an ISO, read COM1,
type on the keyboard and read the screen through the monitor (VGA text, or a
framebuffer's pixels under UEFI).
Bochs, a second emulator with a stricter UART, boots the same ISO and is read
through COM1 only. Chapter 4 of the book explains each piece."""
import itertools
import glob
import os
import shutil
import socket
import subprocess
import threading
import time

import pixels

BOOTS = itertools.count(1)          # machines started by this process, for make bench

EXIT_PASS = (0x10 << 1) | 1     # what isa-debug-exit makes of the value 0x10
EXIT_FAIL = (0x11 << 1) | 1
VGA_TEXT, VGA_COLS, VGA_ROWS = 0xB8000, 80, 25


def has_direct_entry(elf):
    """Does the kernel carry chapter 4's PVH note, so that QEMU can boot it
    with -kernel, without GRUB?"""
    try:
        with open(elf, "rb") as f:
            return b"Xen\0" in f.read()
    except OSError:
        return False


def test_disk(path, blocks, zeros=False, mkfs=None, files=()):
    """A disk image for the tests (chapter 19): every 1,024-byte block starts
    with 'block N of a test disk' and is zero after that; or, with `zeros`,
    nothing but zeros, as a new disk (chapter 21); or, with `mkfs`, a file
    system made by that program with `files` in /bin (chapter 22)."""
    if mkfs:
        subprocess.run([mkfs, path, str(blocks)] + list(files), check=True)
        return path
    with open(path, "wb") as f:
        for n in range(blocks):
            text = b"" if zeros else b"block %d of a test disk" % n
            f.write(text + bytes(1024 - len(text)))
    return path


def disk_from_words(path, words, out):
    """A test disk from a check's `disk:` line split into words: blocks, then
    any of read-only, zeros, fs (a file system with the programs in /bin,
    made by the chapter's mkfs). (path, read-only), or None for an fs disk
    in a chapter that has no mkfs yet."""
    mkfs = os.path.join(out, "host", "mkfs")
    if "fs" in words[1:] and not os.path.exists(mkfs):
        return None
    files = sorted(glob.glob(os.path.join(out, "ramdisk", "*"))) if "fs" in words[1:] else []
    test_disk(path, int(words[0]), zeros="zeros" in words[1:],
              mkfs=mkfs if "fs" in words[1:] else None, files=files)
    return path, "read-only" in words[1:]


TEST_DISKS = ["1024", "64 read-only", "1024 fs"]   # the test kernel's vda, vdb, vdc


def test_disks(workdir, wanted, out):
    """Fresh disk images for one boot: `wanted` holds lines like '1024',
    '64 read-only', '1024 zeros' or '2048 fs' (blocks; whether the machine may
    write them; whether they start as zeros rather than numbered blocks; a
    file system made by the chapter's mkfs, from chapter 22)."""
    os.makedirs(workdir, exist_ok=True)
    disks = [disk_from_words(os.path.join(workdir, "disk%d.img" % i), line.split(), out)
             for i, line in enumerate(wanted)]
    return [d for d in disks if d is not None]


OVMF_CODE = "/usr/share/OVMF/OVMF_CODE.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS.fd"


def uefi_firmware(workdir):
    """QEMU options for a UEFI machine: Debian's OVMF as flash memory, its code
    read-only and a private copy of its variables (UEFI writes boot entries
    there), as a real PC's firmware chip holds both.

    The network card (the pc machine's E1000, q35's E1000E) stays on the PCI
    bus without its boot ROM, as on a PC with network boot switched off in its
    setup: OVMF would load the ROM's iPXE driver and GRUB would then probe the
    card, which cost about one of the 7-8 processor-seconds of every UEFI boot."""
    variables = os.path.join(workdir, "OVMF_VARS.fd")
    shutil.copyfile(OVMF_VARS, variables)
    return ["-drive", "if=pflash,format=raw,readonly=on,file=" + OVMF_CODE,
            "-drive", "if=pflash,format=raw,file=" + variables,
            "-global", "e1000.romfile=", "-global", "e1000e.romfile="]


def connect(path, proc, timeout=10):
    """A connection to QEMU's listening socket at path, once QEMU has made it."""
    deadline = time.time() + timeout
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            return s
        except OSError:
            s.close()
            if time.time() > deadline or proc.poll() is not None:
                raise
            time.sleep(0.01)


def copy_to_file(sock, path):
    """What the guest writes to COM1, appended to the serial log as it comes."""
    with open(path, "ab") as f:
        while True:
            try:
                data = sock.recv(4096)
            except OSError:
                return
            if not data:
                return
            f.write(data)
            f.flush()


class Machine:
    """One QEMU run. With `elf`, QEMU boots the kernel directly (-kernel,
    chapter 4's PVH entry) and passes `command_line` with -append; otherwise
    it boots the ISO through GRUB, which reads `command_line` from the SMBIOS
    serial number (chapter 4)."""

    def __init__(self, iso, workdir, extra=(), exit_device=False, elf=None,
                 command_line=None, firmware="bios", serial_input=False,
                 serial_port=True, font=None, usb=False, disks=()):
        self.iso, self.workdir, self.extra = iso, workdir, list(extra)
        self.exit_device, self.elf, self.command_line = exit_device, elf, command_line
        self.firmware, self.serial_input = firmware, serial_input
        self.serial_port, self.font, self.usb = serial_port, font, usb
        self.disks = list(disks)        # (image, read_only): virtio disks, in order
        self.serial_socket_path = os.path.join(workdir, "serial.sock")
        self.serial_socket = None
        os.makedirs(workdir, exist_ok=True)
        self.serial = os.path.join(workdir, "serial.log")
        self.monitor_path = os.path.join(workdir, "monitor.sock")
        self.proc = None
        self.mon = None

    def command(self):
        if self.elf:
            cmd = ["qemu-system-x86_64", "-kernel", self.elf]
            if self.command_line:
                cmd += ["-append", self.command_line]
        elif self.usb:                  # the image as a USB stick on an xHCI controller
            cmd = ["qemu-system-x86_64", "-drive",
                   "if=none,id=stick,format=raw,readonly=on,file=" + self.iso,
                   "-device", "qemu-xhci,id=xhci",
                   "-device", "usb-storage,bus=xhci.0,drive=stick,bootindex=1"]
        else:
            cmd = ["qemu-system-x86_64", "-cdrom", self.iso, "-boot", "d"]
        if not self.elf and self.command_line:   # for GRUB, from a CD or a stick
            cmd += ["-smbios", "type=1,serial=" + self.command_line]
        if self.firmware == "uefi":
            cmd += uefi_firmware(self.workdir)
        # To type on COM1, QEMU's serial line is a socket, which start()
        # connects to before the machine runs (wait=on) and copies to the log.
        serial = ("unix:%s,server=on,wait=on" % self.serial_socket_path
                  if self.serial_input else "file:" + self.serial)
        if not self.serial_port:
            serial = "none"
        cmd += ["-m", "128M", "-no-reboot", "-display", "none",
                "-serial", serial,
                "-monitor", "unix:%s,server,nowait" % self.monitor_path]
        if self.exit_device:
            cmd += ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
        # The driver takes no flush feature, so the device writes through
        # (chapter 19): QEMU completes each write only once it is in the file,
        # and then also syncs the file to the host's disk. A test disk is a
        # scratch file, so that sync protects nothing (cache=unsafe skips it);
        # a machine killed mid-write (the crash tests' pulled plug) still
        # leaves exactly the writes the guest saw complete.
        for image, read_only in self.disks:
            cmd += ["-drive", "file=%s,format=raw,if=virtio,cache=unsafe%s" %
                    (image, ",readonly=on" if read_only else "")]
        return cmd + self.extra

    def start(self):
        for path in (self.serial, self.monitor_path, self.serial_socket_path):
            if os.path.exists(path):
                os.remove(path)
        self.started = time.time()
        self.boot_number = next(BOOTS)
        self.proc = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if self.serial_input:
            self.serial_socket = connect(self.serial_socket_path, self.proc)
            threading.Thread(target=copy_to_file, args=(self.serial_socket, self.serial),
                             daemon=True).start()

    def type_serial(self, text):
        """Send text to COM1, as a terminal on the serial line would."""
        self.serial_socket.sendall(text.encode("latin-1"))

    def serial_text(self):
        try:
            with open(self.serial, "rb") as f:
                return f.read().decode("latin-1")
        except FileNotFoundError:
            return ""

    def wait_serial(self, wanted, timeout):
        """Wait until each wanted text has appeared on COM1, in order.
        Returns the ones that never came."""
        deadline, exited = time.time() + timeout, False
        while True:
            text, pos, missing = self.serial_text(), 0, []
            for want in wanted:
                at = text.find(want, pos)
                if at < 0:
                    missing = wanted[wanted.index(want):]
                    break
                pos = at + len(want)
            if not missing or time.time() > deadline or exited:
                return missing
            # QEMU may have written its last lines and exited since the read
            # above: once it has exited, look once more, after the copier of
            # a serial socket has had a moment to drain, and then stop.
            exited = self.proc.poll() is not None
            time.sleep(0.1 if exited else 0.02)

    def wait_exit(self, timeout):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def monitor(self, line):
        if self.mon is None:
            deadline = time.time() + 10
            while True:
                try:
                    self.mon = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    self.mon.connect(self.monitor_path)
                    break
                except OSError:
                    self.mon = None
                    if time.time() > deadline:
                        raise
                    time.sleep(0.05)
            self._read_prompt()
        self.mon.sendall((line + "\n").encode())
        return self._read_prompt()

    def _read_prompt(self):
        data = b""
        self.mon.settimeout(10)
        while not data.endswith(b"(qemu) "):
            chunk = self.mon.recv(4096)
            if not chunk:
                break
            data += chunk
        return data.decode("latin-1")

    def cells(self):
        """The VGA text buffer as it is: a character and a colour byte per cell."""
        dump = os.path.abspath(os.path.join(self.workdir, "screen.bin"))
        if os.path.exists(dump):
            os.remove(dump)
        self.monitor('pmemsave 0x%x %d "%s"' % (VGA_TEXT, VGA_COLS * VGA_ROWS * 2, dump))
        with open(dump, "rb") as f:
            return f.read()

    def screenshot(self):
        """The screen's pixels, as a PPM file QEMU writes."""
        shot = os.path.abspath(os.path.join(self.workdir, "screen.ppm"))
        if os.path.exists(shot):
            os.remove(shot)
        self.monitor('screendump "%s"' % shot)
        return shot

    def screen(self):
        """The screen as 25 lines of text: the VGA text buffer, or under UEFI
        the text read back from the framebuffer's pixels (chapter 16)."""
        if self.firmware == "uefi" and self.font and os.path.exists(self.font):
            text = pixels.screen_text(self.screenshot(), self.font)
        else:
            cells = self.cells()
            rows = []
            for r in range(VGA_ROWS):
                row = cells[r * VGA_COLS * 2:(r + 1) * VGA_COLS * 2:2]
                rows.append(row.decode("cp437").rstrip())
            text = "\n".join(rows)
        with open(os.path.join(self.workdir, "screen.txt"), "w") as f:
            f.write(text + "\n")
        return text

    def type_keys(self, keys):
        """Send QEMU sendkey names separated by spaces: 'h i ret shift-a'."""
        for key in keys.split():
            self.monitor("sendkey " + key)
            time.sleep(0.03)

    def stop(self):
        for connection in (self.serial_socket, self.mon):
            if connection is not None:
                try:
                    connection.close()
                except OSError:
                    pass
        self.serial_socket = self.mon = None
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


BOCHSRC = """megs: {megs}
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
ata0-master: type=cdrom, path={iso}, status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev={serial}
display_library: rfb, options="timeout=0"
cpu: ips=10000000, reset_on_triple_fault=0
clock: sync=none
log: {log}
sound: waveoutdrv=dummy, waveindrv=dummy, midioutdrv=dummy
"""


class Bochs(Machine):
    """The same ISO in Bochs. Debian's Bochs starts in its debugger, so a command
    file answers `c` (continue); it has no headless display but rfb, which waits
    for no viewer with timeout=0; its sound drivers must be the dummy ones.

    With clock sync=none, Bochs's time advances with the instructions it runs,
    ips of them per emulated second: a slow processor (10 million, a PC of the
    mid-1990s) lets a kernel that waits for its timer get there in fewer of
    them. The final test kernel's run takes 14 s instead of 22 s at 50 million."""

    def __init__(self, iso, workdir, megs=128):
        Machine.__init__(self, iso, workdir)
        self.megs = megs

    def command(self):
        config = os.path.join(self.workdir, "bochsrc")
        commands = os.path.join(self.workdir, "commands")
        with open(config, "w") as f:
            f.write(BOCHSRC.format(megs=self.megs, iso=os.path.abspath(self.iso),
                                   serial=os.path.abspath(self.serial),
                                   log=os.path.abspath(os.path.join(self.workdir,
                                                                    "bochs.log"))))
        with open(commands, "w") as f:
            f.write("c\n")
        return ["bochs", "-q", "-f", config, "-rc", commands]

    def monitor(self, line):
        raise OSError("Bochs has no QEMU monitor: checks under Bochs read COM1 only")

    def start(self):
        """Its display listens on the first free port of 5900-5949; when another
        program holds them all, Bochs stops at once. Then wait and try again."""
        log = os.path.join(self.workdir, "bochs.log")
        for attempt in range(10):
            Machine.start(self)
            deadline = time.time() + 3
            while time.time() < deadline and self.proc.poll() is None:
                time.sleep(0.1)
            busy = False
            if self.proc.poll() is not None and os.path.exists(log):
                with open(log, errors="replace") as f:
                    busy = "could not bind" in f.read()
            if not busy:
                return
            time.sleep(1 + attempt)
