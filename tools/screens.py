#!/usr/bin/env python3
"""Capture the real screen of every chapter's kernel for the book.

  screens.py OUTDIR

For each chapter NN, builds that chapter's kernel (make CHAPTER=NN kernel; for
the last chapter, the book's own, make kernel), boots its ISO in QEMU through
GRUB, as `make CHAPTER=NN run` does, waits until
the kernel has gone quiet on COM1 (and, if the chapter has a chunk
`tests/screens/NN.keys`, types its `keys:` lines as a reader would, and waits
for quiet again), dumps the VGA text buffer (character and
colour of all 80 x 25 cells) and draws it as OUTDIR/NN-slug.svg, one source for
both editions of the book. A chapter whose keys file says `firmware: uefi` is
booted under OVMF instead, and its picture is the framebuffer's own pixels.
Beside each picture, OUTDIR/NN-slug.txt holds the screen's text, which the
HTML book gives as the picture's alternative text. A chapter whose ISO did not change since its last
capture is not booted again, and a picture is rewritten only if it changed, so
`make book` after a prose edit boots nothing.
"""
import base64
import concurrent.futures
import glob
import hashlib
import os
import subprocess
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pixels  # noqa: E402
import qemu  # noqa: E402
from nw import write_if_changed  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CELL_W, CELL_H = 9, 16
# The VGA text palette (IBM VGA, 16 colours), as the attribute nibbles index it.
PALETTE = ["#000000", "#0000aa", "#00aa00", "#00aaaa", "#aa0000", "#aa00aa", "#aa5500",
           "#aaaaaa", "#555555", "#5555ff", "#55ff55", "#55ffff", "#ff5555", "#ff55ff",
           "#ffff55", "#ffffff"]


def wait_quiet(machine, quiet, limit):
    """Return once COM1 has been quiet for `quiet` seconds (or after `limit`)."""
    start, size, changed = time.time(), -1, time.time()
    while time.time() - start < limit:
        now = len(machine.serial_text())
        if now != size:
            size, changed = now, time.time()
        elif size > 0 and time.time() - changed >= quiet:
            return
        time.sleep(0.05)


def capture(iso, workdir, keys=(), quiet=0.6, limit=15.0, font=None, disks=()):
    """Boot the ISO; once COM1 has been quiet for `quiet` seconds, type each
    line of `keys` (QEMU key names), one line at a time, each followed by
    quiet; then the 4000 bytes of the VGA text buffer, or with a font, under
    UEFI (chapter 16), the framebuffer's grid as a PNG picture. `disks` are
    test disks to attach, as a check's `disk:` lines give them (chapter 19)."""
    os.makedirs(workdir, exist_ok=True)
    out = os.path.dirname(os.path.abspath(iso))
    images = [qemu.disk_from_words(os.path.join(workdir, "disk%d.img" % i), line.split(), out)
              for i, line in enumerate(disks)]
    images = [d for d in images if d is not None]
    machine = qemu.Machine(iso, workdir, firmware="uefi" if font else "bios",
                           disks=images)
    machine.start()
    try:
        if font:                        # the firmware and GRUB write to COM1 too
            machine.wait_serial(["display: "], 60)
        wait_quiet(machine, quiet, limit)
        for line in keys:
            machine.type_keys(line)
            wait_quiet(machine, quiet, limit)
        if font:
            shot = machine.screenshot()
            return pixels.grid_png(shot, font), pixels.screen_text(shot, font)
        return machine.cells(), machine.screen()
    finally:
        machine.stop()


def framebuffer_svg(png):
    """A screenshot as SVG holding the PNG, one source for both editions."""
    width, height = struct.unpack(">II", png[16:24])
    return ('<svg xmlns="http://www.w3.org/2000/svg" '
            'xmlns:xlink="http://www.w3.org/1999/xlink" width="%d" height="%d" '
            'viewBox="0 0 %d %d">\n<image width="%d" height="%d" xlink:href="data:image/png;'
            'base64,%s"/>\n</svg>\n' % (width, height, width, height, width, height,
                                        base64.b64encode(png).decode()))


def keys_of(src, number):
    """The `keys:` lines of chapter NN's tests/screens/NN.keys, if it has one."""
    path = os.path.join(REPO, src, "tests", "screens", number + ".keys")
    if not os.path.exists(path):
        return [], ""
    with open(path) as f:
        text = f.read()
    return [l[len("keys:"):].strip() for l in text.splitlines()
            if l.startswith("keys:")], text


def escape(ch):
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"}.get(ch, ch)


def row_in_use(cells, row):
    """A row shows something: a character other than a space, or a background
    other than black."""
    line = cells[row * 160:(row + 1) * 160]
    return any(line[2 * c] not in (0, 32) or line[2 * c + 1] >> 4 & 7 for c in range(80))


def svg(cells):
    """The screen as SVG: a rectangle for each run of one background colour and
    a text element for each run of one foreground colour, every character at
    its own cell position so that any monospace font lines up. The picture
    ends one row below the last row in use: an early kernel's five lines are
    not printed in a box 25 rows high."""
    rows = 1 + max([r for r in range(25) if row_in_use(cells, r)], default=0)
    rows = min(25, rows + 1)
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'viewBox="0 0 %d %d">' % (80 * CELL_W, rows * CELL_H, 80 * CELL_W, rows * CELL_H),
           '<rect width="100%" height="100%" fill="#000000"/>']
    for row in range(rows):
        line = cells[row * 160:(row + 1) * 160]
        chars = [bytes([line[2 * c]]).decode("cp437") for c in range(80)]
        attrs = [line[2 * c + 1] for c in range(80)]
        col = 0
        while col < 80:
            end = col
            while end < 80 and attrs[end] >> 4 & 7 == attrs[col] >> 4 & 7:
                end += 1
            if attrs[col] >> 4 & 7:
                out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>'
                           % (col * CELL_W, row * CELL_H, (end - col) * CELL_W, CELL_H,
                              PALETTE[attrs[col] >> 4 & 7]))
            col = end
        col = 0
        while col < 80:
            end = col
            while end < 80 and attrs[end] & 15 == attrs[col] & 15:
                end += 1
            text = "".join(chars[col:end]).rstrip(" \0")
            if text:
                xs = " ".join(str((col + i) * CELL_W) for i in range(len(text)))
                out.append('<text x="%s" y="%d" fill="%s" font-family="DejaVu Sans Mono, '
                           'monospace" font-size="14" xml:space="preserve">%s</text>'
                           % (xs, row * CELL_H + 12, PALETTE[attrs[col] & 15],
                              "".join(escape(c) for c in text.replace("\0", " "))))
            col = end
    out.append("</svg>")
    return "\n".join(out) + "\n"


# Captures at once. A capture mostly waits for the kernel to go quiet (under a
# third of its time is work), so a few run side by side.
AT_ONCE = 3


def shoot(slug, number, iso, out, keys, keys_text, digest, outdir):
    """Boot one chapter's kernel and write its picture, its text and its digest."""
    picture = os.path.join(outdir, slug + ".svg")
    workdir = os.path.join(REPO, "build", "screens", number)
    if "firmware: uefi" in keys_text.splitlines():
        font = os.path.join(REPO, out, "console-font.psf")
        png, screen = capture(iso, workdir, keys, font=font)
        write_if_changed(picture, framebuffer_svg(png))
    else:
        disks = [l.split(":", 1)[1] for l in keys_text.splitlines() if l.startswith("disk:")]
        cells, screen = capture(iso, workdir, keys, disks=disks)
        write_if_changed(picture, svg(cells))
    write_if_changed(os.path.join(outdir, slug + ".txt"), screen.rstrip("\n") + "\n")
    write_if_changed(os.path.join(outdir, slug + ".iso-sha256"), digest)


def prepare(chapter, last):
    """Build one chapter's kernel; the capture to make, or None if its picture
    is up to date."""
    slug = os.path.basename(chapter)[:-len(".nw")]
    number = slug[:2]
    # The last chapter's kernel is the book's own (tangle/, build/kernel),
    # which make test and make run build anyway: not a second time.
    src, out = ("tangle", "build/kernel") if last else (
        "build/ch%s/src" % number, "build/ch" + number)
    proc = subprocess.run(["make", "-s", "kernel"] + ([] if last else ["CHAPTER=" + number]),
                          cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit("screens: chapter %s's kernel does not build:\n%s%s"
                 % (number, proc.stdout, proc.stderr))
    iso = os.path.join(REPO, out, "kernel.iso")
    keys, keys_text = keys_of(src, number)
    with open(iso, "rb") as f:
        digest = hashlib.sha256(f.read() + keys_text.encode() +
                                open(__file__, "rb").read()).hexdigest()
    return slug, number, iso, out, keys, keys_text, digest


def main(argv):
    outdir = argv[1]
    os.makedirs(outdir, exist_ok=True)
    chapters = sorted(glob.glob(os.path.join(REPO, "chapters", "[0-9][0-9]-*.nw")))
    with concurrent.futures.ThreadPoolExecutor(AT_ONCE) as pool:
        # Each chapter's build is its own tree: they run side by side too.
        built = list(pool.map(lambda c: prepare(c, c == chapters[-1]), chapters))
        todo = []
        for slug, number, iso, out, keys, keys_text, digest in built:
            seen = os.path.join(outdir, slug + ".iso-sha256")
            if (all(os.path.exists(os.path.join(outdir, slug + ext)) for ext in (".svg", ".txt"))
                    and os.path.exists(seen) and open(seen).read() == digest):
                continue
            print("  SCREEN  %s" % os.path.relpath(os.path.join(outdir, slug + ".svg"), REPO),
                  flush=True)
            todo.append((slug, number, iso, out, keys, keys_text, digest, outdir))
        for done in [pool.submit(shoot, *job) for job in todo]:
            done.result()                       # a capture that broke stops the build


if __name__ == "__main__":
    main(sys.argv)
