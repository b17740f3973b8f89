/* Tangled from chapters/16-a-screen-on-any-pc.nw. Edit the chapter, not this file. */
#include "psf.h"

static uint32_t read32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

#define NO_GLYPH 0xFFFFFFFFu

static void map_ascii(struct psf_font *font, const uint8_t *table, const uint8_t *end)
{
    for (uint32_t c = 0; c < 128; c++)
        font->ascii[c] = table == NULL && c < font->count ? c : NO_GLYPH;
    for (uint32_t glyph = 0; table != NULL && glyph < font->count && table < end;
         glyph++) {
        bool in_sequence = false;
        for (; table < end && *table != 0xFF; table++) {
            if (*table == 0xFE)
                in_sequence = true;
            else if (*table < 0x80 && !in_sequence && font->ascii[*table] == NO_GLYPH)
                font->ascii[*table] = glyph;
        }
        if (table < end)
            table++;                    /* past the 0xFF that ends the glyph's entry */
    }
    uint32_t question = font->ascii['?'] == NO_GLYPH ? 0 : font->ascii['?'];
    for (uint32_t c = 0; c < 128; c++)
        if (font->ascii[c] == NO_GLYPH)
            font->ascii[c] = question;
}

const uint8_t *psf_glyph(const struct psf_font *font, uint8_t character)
{
    uint32_t glyph = font->ascii[character < 128 ? character : '?'];
    return font->glyphs + (size_t)glyph * font->glyph_bytes;
}

bool psf_load(const uint8_t *data, size_t size, struct psf_font *font,
              const char **why)
{
    *why = "not a PSF2 font";
    if (size < 32 || read32(data) != PSF2_MAGIC)
        return false;
    uint32_t header = read32(data + 8), flags = read32(data + 12);
    font->count = read32(data + 16);
    font->glyph_bytes = read32(data + 20);
    font->height = read32(data + 24);
    font->width = read32(data + 28);
    *why = "glyphs of a size the console cannot draw";
    if (font->width == 0 || font->width > 32 || font->height == 0 || font->height > 64)
        return false;
    font->row_bytes = (font->width + 7) / 8;
    *why = "the glyph size does not match the width and height";
    if (font->glyph_bytes != font->row_bytes * font->height)
        return false;
    *why = "the glyphs run past the end of the file";
    if (header < 32 || header > size || font->count == 0 ||
        (uint64_t)font->count * font->glyph_bytes > size - header)
        return false;
    font->glyphs = data + header;
    const uint8_t *table = font->glyphs + (size_t)font->count * font->glyph_bytes;
    map_ascii(font, flags & PSF2_HAS_UNICODE_TABLE ? table : NULL, data + size);
    *why = NULL;
    return true;
}
