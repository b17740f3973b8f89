/* Tangled from chapters/16-a-screen-on-any-pc.nw. Edit the chapter, not this file. */
#include "check.h"
#include "../../kernel/console/psf.c"
#include "../../kernel/console/framebuffer.c"
#include <stdlib.h>
#include <string.h>

static uint8_t font_file[32 + 8 * 8 + 64];
static size_t font_size;

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void make_font(void)
{
    static const uint8_t table[] = {
        0xFF, '?', 0xFF, 'B', 0xC3, 0xA9, 0xFF,     /* glyph 2 draws B and e-acute */
        0xFF, 0xFF, 'A', 0xFF,                      /* glyph 5 draws A */
        0xFE, 'C', 0xFF, 0xFF,                      /* glyph 6: only a sequence */
    };
    memset(font_file, 0, sizeof font_file);
    put32(font_file, PSF2_MAGIC);
    put32(font_file + 8, 32);
    put32(font_file + 12, PSF2_HAS_UNICODE_TABLE);
    put32(font_file + 16, 8);                       /* 8 glyphs */
    put32(font_file + 20, 8);                       /* of 8 bytes */
    put32(font_file + 24, 8);                       /* 8 rows */
    put32(font_file + 28, 8);                       /* of 8 pixels */
    for (int g = 0; g < 8; g++)
        memset(font_file + 32 + 8 * g, g, 8);       /* every row of glyph g is g */
    memcpy(font_file + 32 + 64, table, sizeof table);
    font_size = 32 + 64 + sizeof table;
}
static bool loads(struct psf_font *f)
{
    const char *why;
    return psf_load(font_file, font_size, f, &why);
}

static void check_font_loader(void)
{
    struct psf_font f;
    make_font();
    CHECK(loads(&f) && f.width == 8 && f.height == 8 && f.row_bytes == 1,
          "a PSF2 font loads with its size");
    CHECK(psf_glyph(&f, 'A')[0] == 5 && psf_glyph(&f, 'B')[0] == 2,
          "the Unicode table says which glyph draws a character");
    CHECK(psf_glyph(&f, 'C')[0] == 1 && psf_glyph(&f, 'z')[0] == 1 &&
          psf_glyph(&f, 0xE9)[0] == 1,
          "characters the font lacks, and bytes above 127, draw as '?'");
    put32(font_file + 12, 0);
    CHECK(loads(&f) && psf_glyph(&f, 5)[0] == 5, "without a table, glyph n draws n");
    make_font();
    font_size = 32 + 64 + 12;                   /* the table ends without its 0xFF */
    CHECK(loads(&f) && psf_glyph(&f, 'A')[0] == 5, "a cut table is read up to its end");
    make_font();
    font_file[0] ^= 1;
    CHECK(!loads(&f), "a wrong magic number is refused");
    make_font();
    put32(font_file + 20, 9);
    CHECK(!loads(&f), "a glyph size that does not match the rows is refused");
    make_font();
    put32(font_file + 16, 0x20000001);
    CHECK(!loads(&f), "a glyph count whose glyphs would wrap around is refused");
    make_font();
    put32(font_file + 8, 4096);
    CHECK(!loads(&f), "a header longer than the file is refused");
    make_font();
    font_size = 32 + 60;
    CHECK(!loads(&f), "glyphs cut short are refused");
    make_font();
    put32(font_file + 28, 0);
    CHECK(!loads(&f), "glyphs of width 0 are refused");
}
static uint8_t pixels[1300 * 4 * 2 * 420];

static struct framebuffer shape(uint32_t width, uint32_t height, uint32_t bytes,
                                uint8_t red, uint8_t green, uint8_t blue, uint8_t size)
{
    memset(pixels, 0xEE, sizeof pixels);
    return (struct framebuffer){pixels, width * bytes + 24, width, height, bytes,
                                red, size, green, size, blue, size};
}

static uint32_t pixel_at(const struct framebuffer *s, uint32_t x, uint32_t y)
{
    uint32_t v = 0;
    for (uint32_t i = 0; i < s->bytes_per_pixel; i++)
        v |= (uint32_t)s->pixels[y * s->pitch + x * s->bytes_per_pixel + i] << (8 * i);
    return v;
}

static void check_painter(void)
{
    struct psf_font f;
    struct text_painter p;
    const char *why;
    make_font();
    loads(&f);
    struct framebuffer s = shape(1300, 420, 4, 16, 8, 0, 8);    /* XRGB 8:8:8 */
    CHECK(painter_init(&p, &s, &f, &why) && p.scale == 2 && p.left == 10 && p.top == 10,
          "the grid is scaled and centred");
    painter_draw_cell(&p, 0, 0x1F00 | 'A', false);
    CHECK(pixel_at(&s, 10, 10) == 0x0000AA && pixel_at(&s, 23, 10) == 0x0000AA &&
          pixel_at(&s, 20, 11) == 0xFFFFFF && pixel_at(&s, 25, 25) == 0xFFFFFF,
          "32-bit pixels: the glyph in the text colour, the rest in the background");
    painter_draw_cell(&p, 79, 0x1F00 | 'A', false);       /* the last of row 0 */
    CHECK(pixels[s.width * 4] == 0xEE && pixels[20 * s.pitch + s.width * 4] == 0xEE &&
          pixel_at(&s, 9, 10) == 0xEEEEEEEE && pixel_at(&s, 1290, 10) == 0xEEEEEEEE,
          "nothing outside the cells is written, the rows' padding included");
    painter_draw_cell(&p, 81, 0x0700 | 'B', true);
    CHECK(pixel_at(&s, 26 + 0, 26 + 12) == 0xAAAAAA &&
          pixel_at(&s, 26 + 0, 26 + 11) == 0x000000,
          "the cursor underlines the last two glyph rows");
    s = shape(1300, 420, 3, 0, 8, 16, 8);                       /* 24-bit, red low */
    CHECK(painter_init(&p, &s, &f, &why), "24-bit pixels are accepted");
    painter_draw_cell(&p, 0, 0x4E00 | 'A', false);
    CHECK(pixel_at(&s, 10, 10) == 0x0000AA && pixel_at(&s, 20, 10) == 0x55FFFF,
          "24-bit pixels with red in the low byte");
    s = shape(1300, 420, 2, 11, 5, 0, 5);
    s.green_size = 6;                                           /* RGB 5:6:5 */
    CHECK(painter_init(&p, &s, &f, &why), "16-bit pixels are accepted");
    painter_draw_cell(&p, 0, 0x0F00 | 'A', false);
    CHECK(pixel_at(&s, 21, 10) == 0xFFFF && pixel_at(&s, 10, 10) == 0,
          "16-bit pixels with fields of 5, 6 and 5 bits");
    s = shape(639, 420, 4, 16, 8, 0, 8);
    CHECK(!painter_init(&p, &s, &f, &why), "a screen narrower than 80 cells is refused");
    s = shape(1300, 420, 1, 5, 3, 0, 2);
    CHECK(!painter_init(&p, &s, &f, &why), "8-bit pixels are refused");
    s = shape(1300, 420, 3, 20, 8, 0, 8);
    CHECK(!painter_init(&p, &s, &f, &why), "a colour field outside the pixel is refused");
    s = shape(1300, 420, 4, 16, 8, 0, 8);
    s.pitch = 1300 * 4 - 1;
    CHECK(!painter_init(&p, &s, &f, &why), "rows shorter than their pixels are refused");
}

int main(void)
{
    check_font_loader();
    check_painter();
    return check_done();
}
