/* Tangled from chapters/15-programs-from-a-ramdisk.nw. Edit the chapter, not this file. */
#include "elf.h"
#include <stddef.h>

static uint64_t number(const uint8_t *p, int bytes)
{
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}
static const char *header_problem(const uint8_t *f, uint64_t size)
{
    if (size < 64)
        return "shorter than an ELF header";
    if (f[0] != 0x7F || f[1] != 'E' || f[2] != 'L' || f[3] != 'F')
        return "not an ELF file";
    if (f[4] != 2 || f[5] != 1 || f[6] != 1)
        return "not 64-bit little-endian ELF version 1";
    if (number(f + 16, 2) != 2)
        return "not an executable (ET_EXEC)";
    if (number(f + 18, 2) != 62 || number(f + 20, 4) != 1)
        return "not for x86-64";
    if (number(f + 52, 2) < 64 || number(f + 54, 2) != 56)
        return "header sizes are wrong";
    uint64_t phoff = number(f + 32, 8), phnum = number(f + 56, 2);
    if (phnum == 0 || phnum > 16 || phoff > size || phnum * 56 > size - phoff)
        return "the program headers are missing or outside the file";
    return NULL;
}
static const char *segment_problem(const uint8_t *ph, uint64_t size, uint64_t low,
                                   uint64_t high, struct elf_segment *s)
{
    uint32_t flags = (uint32_t)number(ph + 4, 4);
    *s = (struct elf_segment){
        .offset = number(ph + 8, 8), .vaddr = number(ph + 16, 8),
        .filesz = number(ph + 32, 8), .memsz = number(ph + 40, 8),
        .writable = flags & 2, .executable = flags & 1,
    };
    if (s->writable && s->executable)
        return "a segment is both writable and executable";
    if (s->offset > size || s->filesz > size - s->offset)
        return "a segment's bytes lie outside the file";
    if (s->filesz > s->memsz || s->memsz > ELF_MAX_MEMORY)
        return "a segment's sizes are impossible";
    if (s->vaddr < low || s->vaddr >= high || s->memsz > high - s->vaddr)
        return "a segment lies outside program memory";
    if (s->vaddr % 4096 != s->offset % 4096)
        return "a segment is not aligned as its file offset";
    return NULL;
}
static bool pages_overlap(const struct elf_segment *a, const struct elf_segment *b)
{
    uint64_t a0 = a->vaddr & ~4095ull, a1 = (a->vaddr + a->memsz + 4095) & ~4095ull;
    uint64_t b0 = b->vaddr & ~4095ull, b1 = (b->vaddr + b->memsz + 4095) & ~4095ull;
    return a0 < b1 && b0 < a1;
}

bool elf_check(const uint8_t *f, uint64_t size, uint64_t low, uint64_t high,
               struct elf_image *image, const char **why)
{
    if ((*why = header_problem(f, size)) != NULL)
        return false;
    uint64_t phoff = number(f + 32, 8), phnum = number(f + 56, 2), total = 0;
    image->entry = number(f + 24, 8);
    image->count = 0;
    for (uint64_t i = 0; i < phnum; i++) {
        const uint8_t *ph = f + phoff + i * 56;
        uint64_t type = number(ph, 4);
        if (type == 2 || type == 3) {
            *why = "needs a dynamic linker";
            return false;
        }
        if (type != 1 || number(ph + 40, 8) == 0)
            continue;                       /* not to load, or empty: linkers emit those */
        if (image->count == ELF_MAX_SEGMENTS) {
            *why = "too many segments";
            return false;
        }
        struct elf_segment *s = &image->segments[image->count];
        if ((*why = segment_problem(ph, size, low, high, s)) != NULL)
            return false;
        for (uint32_t j = 0; j < image->count; j++)
            if (pages_overlap(&image->segments[j], s)) {
                *why = "two segments share a page";
                return false;
            }
        total += s->memsz;
        if (total > ELF_MAX_MEMORY) {
            *why = "the program is too large";
            return false;
        }
        image->count++;
    }
    for (uint32_t i = 0; i < image->count; i++) {
        const struct elf_segment *s = &image->segments[i];
        if (s->executable && image->entry >= s->vaddr &&
            image->entry - s->vaddr < s->filesz)
            return true;                /* in code the file provides, not in zeros */
    }
    *why = image->count == 0 ? "nothing to load" : "the entry point is not in code";
    return false;
}
