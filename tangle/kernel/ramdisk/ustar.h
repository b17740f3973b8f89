/* Tangled from chapters/15-programs-from-a-ramdisk.nw. Edit the chapter, not this file. */
#ifndef USTAR_H
#define USTAR_H
#include <stdbool.h>
#include <stdint.h>

#define USTAR_BLOCK 512

struct ustar_file {
    char name[101];
    char type;                      /* '0' for a regular file */
    const uint8_t *data;
    uint64_t size;
};

enum ustar_result { USTAR_FILE, USTAR_END, USTAR_BAD };

enum ustar_result ustar_next(const uint8_t *archive, uint64_t size, uint64_t *offset,
                             struct ustar_file *file, const char **why);
#endif
