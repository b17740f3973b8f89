/* Tangled from chapters/15-programs-from-a-ramdisk.nw. Edit the chapter, not this file. */
#include "ustar.h"
#include <stddef.h>

static bool octal(const uint8_t *field, int length, uint64_t *value)
{
    uint64_t v = 0;
    int i = 0;
    while (i < length && field[i] == ' ')
        i++;                            /* leading spaces, as old tars wrote */
    int first = i;
    for (; i < length && field[i] >= '0' && field[i] <= '7'; i++)
        v = v * 8 + (uint64_t)(field[i] - '0');
    if (i == first || i - first > 11)
        return false;
    if (i < length && field[i] != ' ' && field[i] != '\0')
        return false;
    *value = v;
    return true;
}

enum ustar_result ustar_next(const uint8_t *archive, uint64_t size, uint64_t *offset,
                             struct ustar_file *file, const char **why)
{
    if (*offset == size)
        return USTAR_END;               /* no end blocks: tolerated */
    if (*offset > size || size - *offset < USTAR_BLOCK) {
        *why = "a header runs past the end of the archive";
        return USTAR_BAD;
    }
    const uint8_t *h = archive + *offset;
    bool zeros = true;
    for (int i = 0; i < USTAR_BLOCK && zeros; i++)
        zeros = h[i] == 0;
    if (zeros)
        return USTAR_END;
    if (h[257] != 'u' || h[258] != 's' || h[259] != 't' || h[260] != 'a' || h[261] != 'r' ||
        (h[262] != '\0' && h[262] != ' ')) {
        *why = "not a USTAR header (no magic)";
        return USTAR_BAD;
    }
    uint64_t recorded, sum = 0;
    for (int i = 0; i < USTAR_BLOCK; i++)
        sum += i >= 148 && i < 156 ? ' ' : h[i];
    if (!octal(h + 148, 8, &recorded) || recorded != sum) {
        *why = "the header's checksum is wrong";
        return USTAR_BAD;
    }
    int n = 0;
    while (n < 100 && h[n] != '\0') {
        file->name[n] = (char)h[n];
        n++;
    }
    file->name[n] = '\0';
    if (n == 0 || h[345] != '\0') {
        *why = n == 0 ? "a file without a name" : "a long name (a prefix), not supported";
        return USTAR_BAD;
    }
    if (!octal(h + 124, 12, &file->size) || file->size > size - *offset - USTAR_BLOCK) {
        *why = "the size is not octal, or runs past the end";
        return USTAR_BAD;
    }
    file->type = h[156] == '\0' ? '0' : (char)h[156];
    file->data = h + USTAR_BLOCK;
    uint64_t padded = (file->size + USTAR_BLOCK - 1) / USTAR_BLOCK * USTAR_BLOCK;
    *offset += USTAR_BLOCK + padded;
    if (*offset > size)
        *offset = size;                 /* the last file's padding may be missing */
    return USTAR_FILE;
}
