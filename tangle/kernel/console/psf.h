/* Tangled from chapters/16-a-screen-on-any-pc.nw. Edit the chapter, not this file. */
#ifndef PSF_H
#define PSF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PSF2_MAGIC 0x864AB572u
#define PSF2_HAS_UNICODE_TABLE 1u

struct psf_font {
    const uint8_t *glyphs;
    uint32_t count, glyph_bytes, height, width, row_bytes;
    uint32_t ascii[128];        /* the glyph that draws each ASCII character */
};

bool psf_load(const uint8_t *data, size_t size, struct psf_font *font,
              const char **why);
const uint8_t *psf_glyph(const struct psf_font *font, uint8_t character);
#endif
