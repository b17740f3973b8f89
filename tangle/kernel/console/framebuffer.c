/* Tangled from chapters/16-a-screen-on-any-pc.nw. Edit the chapter, not this file. */
#include "framebuffer.h"
#include "vga.h"

#define CURSOR_ROWS 2           /* the cursor underlines a cell's last glyph rows */

static const uint8_t vga_rgb[16][3] = {
    {0x00, 0x00, 0x00}, {0x00, 0x00, 0xAA}, {0x00, 0xAA, 0x00}, {0x00, 0xAA, 0xAA},
    {0xAA, 0x00, 0x00}, {0xAA, 0x00, 0xAA}, {0xAA, 0x55, 0x00}, {0xAA, 0xAA, 0xAA},
    {0x55, 0x55, 0x55}, {0x55, 0x55, 0xFF}, {0x55, 0xFF, 0x55}, {0x55, 0xFF, 0xFF},
    {0xFF, 0x55, 0x55}, {0xFF, 0x55, 0xFF}, {0xFF, 0xFF, 0x55}, {0xFF, 0xFF, 0xFF},
};

static uint32_t pixel_value(const struct framebuffer *s, const uint8_t rgb[3])
{
    return (uint32_t)(rgb[0] >> (8 - s->red_size)) << s->red_position |
           (uint32_t)(rgb[1] >> (8 - s->green_size)) << s->green_position |
           (uint32_t)(rgb[2] >> (8 - s->blue_size)) << s->blue_position;
}

static bool field_fits(uint8_t position, uint8_t size, uint32_t bits)
{
    return size >= 1 && size <= 8 && position + size <= bits;
}

bool painter_init(struct text_painter *p, const struct framebuffer *screen,
                  const struct psf_font *font, const char **why)
{
    uint32_t bits = screen->bytes_per_pixel * 8;
    uint32_t grid_width = VGA_COLS * font->width, grid_height = VGA_ROWS * font->height;
    *why = "pixels of a size the console cannot draw";
    if (screen->bytes_per_pixel < 2 || screen->bytes_per_pixel > 4)
        return false;
    *why = "colour fields that do not fit in a pixel";
    if (!field_fits(screen->red_position, screen->red_size, bits) ||
        !field_fits(screen->green_position, screen->green_size, bits) ||
        !field_fits(screen->blue_position, screen->blue_size, bits))
        return false;
    *why = "rows shorter than their pixels";
    if (screen->pitch < (uint64_t)screen->width * screen->bytes_per_pixel)
        return false;
    *why = "a screen too small for 80 x 25 cells of the font";
    if (screen->width < grid_width || screen->height < grid_height)
        return false;
    p->screen = *screen;
    p->font = font;
    p->scale = screen->width / grid_width;
    if (screen->height / grid_height < p->scale)
        p->scale = screen->height / grid_height;
    p->left = (screen->width - grid_width * p->scale) / 2;
    p->top = (screen->height - grid_height * p->scale) / 2;
    for (int i = 0; i < 16; i++)
        p->colours[i] = pixel_value(screen, vga_rgb[i]);
    *why = NULL;
    return true;
}
static void put_pixel(volatile uint8_t *at, uint32_t value, uint32_t bytes)
{
    if (bytes == 4) {
        *(volatile uint32_t *)at = value;
        return;
    }
    for (uint32_t i = 0; i < bytes; i++)
        at[i] = (uint8_t)(value >> (8 * i));
}

void painter_draw_cell(void *painter, uint32_t index, uint16_t cell, bool cursor)
{
    const struct text_painter *p = painter;
    const struct psf_font *f = p->font;
    const uint8_t *glyph = psf_glyph(f, (uint8_t)cell);
    uint32_t fg = p->colours[cell >> 8 & 0xF], bg = p->colours[cell >> 12 & 0x7];
    uint32_t bytes = p->screen.bytes_per_pixel, s = p->scale;
    uint32_t x0 = p->left + index % VGA_COLS * f->width * s;
    uint32_t y0 = p->top + index / VGA_COLS * f->height * s;
    for (uint32_t gy = 0; gy < f->height * s; gy++) {
        const uint8_t *bits = glyph + gy / s * f->row_bytes;
        bool underline = cursor && gy / s >= f->height - CURSOR_ROWS;
        volatile uint8_t *row = p->screen.pixels + (uint64_t)(y0 + gy) * p->screen.pitch +
                                (uint64_t)x0 * bytes;
        for (uint32_t gx = 0; gx < f->width * s; gx++) {
            bool on = underline || bits[gx / s / 8] & (0x80 >> (gx / s % 8));
            put_pixel(row + (uint64_t)gx * bytes, on ? fg : bg, bytes);
        }
    }
}
