"""Read the text off a framebuffer screenshot (chapter 16).

The kernel draws 80 x 25 cells of a PSF2 font, scaled by the largest whole
number that fits and centred. This finds the grid by the same rule, and
matches each cell's pixels against the glyphs of the same font file, so a
check's screen lines are text that was really drawn.
"""
import struct
import zlib

COLS, ROWS = 80, 25
CURSOR_ROWS = 2         # the kernel's cursor covers a cell's last glyph rows


def read_ppm(path):
    """(width, height, RGB bytes) of a binary PPM, as QEMU's screendump writes."""
    with open(path, "rb") as f:
        data = f.read()
    fields, i = [], 0
    while len(fields) < 4:
        while data[i:i + 1].isspace():
            i += 1
        if data[i:i + 1] == b"#":
            i = data.index(b"\n", i)
            continue
        j = i
        while not data[j:j + 1].isspace():
            j += 1
        fields.append(data[i:j])
        i = j
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[i + 1:i + 1 + width * height * 3]


def read_font(path):
    """(width, height, {glyph rows as bits: character}) from a PSF2 file."""
    with open(path, "rb") as f:
        data = f.read()
    magic, _, header, flags, count, size, height, width = struct.unpack("<8I", data[:32])
    if magic != 0x864AB572:
        raise ValueError("%s: not a PSF2 font" % path)
    row_bytes = (width + 7) // 8
    chars = {}
    if flags & 1:
        table = data[header + count * size:]
        entries = table.split(b"\xff")
        for glyph, entry in enumerate(entries[:count]):
            for byte in entry.split(b"\xfe")[0]:
                if 0x20 <= byte < 0x7F:
                    chars.setdefault(byte, glyph)
    else:
        chars = {c: c for c in range(0x20, 0x7F) if c < count}
    shapes = {}
    for c, glyph in sorted(chars.items()):
        start = header + glyph * size
        rows = []
        for r in range(height - CURSOR_ROWS):
            bits = int.from_bytes(data[start + r * row_bytes:start + (r + 1) * row_bytes],
                                  "big")
            rows.append(tuple((bits >> (row_bytes * 8 - 1 - x)) & 1 for x in range(width)))
        shapes.setdefault(tuple(rows), chr(c))
    return width, height, shapes


def screen_text(ppm_path, font_path):
    """The 25 lines of text drawn on the screenshot, '?' where no glyph matches."""
    width, height, rgb = read_ppm(ppm_path)
    fw, fh, shapes = read_font(font_path)
    scale = min(width // (COLS * fw), height // (ROWS * fh))
    if scale == 0:
        return ""
    left = (width - COLS * fw * scale) // 2
    top = (height - ROWS * fh * scale) // 2
    lines = []
    for row in range(ROWS):
        text = []
        for col in range(COLS):
            x0, y0 = left + col * fw * scale, top + row * fh * scale
            background = rgb[(y0 * width + x0) * 3:(y0 * width + x0) * 3 + 3]
            rows = []
            for gy in range(fh - CURSOR_ROWS):
                y = y0 + gy * scale
                line = rgb[(y * width + x0) * 3:(y * width + x0 + fw * scale) * 3]
                rows.append(tuple(int(line[gx * scale * 3:gx * scale * 3 + 3] != background)
                                  for gx in range(fw)))
            text.append(shapes.get(tuple(rows), "?"))
        lines.append("".join(text).rstrip())
    return "\n".join(lines)


def grid_png(ppm_path, font_path):
    """The part of the screenshot that holds the grid of cells, as PNG bytes."""
    width, height, rgb = read_ppm(ppm_path)
    fw, fh, _ = read_font(font_path)
    scale = max(1, min(width // (COLS * fw), height // (ROWS * fh)))
    w, h = min(width, COLS * fw * scale), min(height, ROWS * fh * scale)
    left, top = (width - w) // 2, (height - h) // 2
    raw = b"".join(b"\0" + rgb[((top + y) * width + left) * 3:
                               ((top + y) * width + left + w) * 3] for y in range(h))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
