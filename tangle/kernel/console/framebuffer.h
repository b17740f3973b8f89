/* Tangled from chapters/16-a-screen-on-any-pc.nw. Edit the chapter, not this file. */
#ifndef FRAMEBUFFER_H
#define FRAMEBUFFER_H
#include <stdbool.h>
#include <stdint.h>
#include "psf.h"

struct framebuffer {
    volatile uint8_t *pixels;
    uint32_t pitch, width, height, bytes_per_pixel;
    uint8_t red_position, red_size, green_position, green_size;
    uint8_t blue_position, blue_size;
};

struct text_painter {
    struct framebuffer screen;
    const struct psf_font *font;
    uint32_t scale;             /* each glyph pixel is scale x scale pixels */
    uint32_t left, top;         /* where the grid of cells starts */
    uint32_t colours[16];       /* the VGA colours as this screen's pixel values */
};

bool painter_init(struct text_painter *p, const struct framebuffer *screen,
                  const struct psf_font *font, const char **why);
void painter_draw_cell(void *painter, uint32_t index, uint16_t cell, bool cursor);
#endif
