/* Tangled from chapters/08-physical-memory.nw. Edit the chapter, not this file. */
#ifndef FRAMES_H
#define FRAMES_H
#include <stdbool.h>
#include <stdint.h>
#include "multiboot2.h"

#define FRAME_SIZE 4096u
#define FRAME_MAX_RESERVED 24

struct frame_range {
    uint64_t start, end;            /* [start, end), in bytes */
};

enum frame_result {
    FRAME_OK, FRAME_DOUBLE_FREE, FRAME_NEVER_HANDED_OUT, FRAME_MISALIGNED,
};

struct frame_allocator {
    uint8_t *bitmap;                /* bit set: frame in use or not RAM */
    uint64_t frame_count;           /* frames the bitmap covers, from address 0 */
    uint64_t usable, reserved, allocated;
    uint64_t next;                  /* where the next search starts */
    const struct mb2_region *regions;
    uint32_t region_count;
    struct frame_range reserved_ranges[FRAME_MAX_RESERVED];
    uint32_t reserved_count;
};

struct frame_stats {
    uint64_t total, used, free;     /* in frames; total counts usable RAM */
};

void frames_init(struct frame_allocator *fa, uint8_t *bitmap, uint64_t frame_count,
                 const struct mb2_region *regions, uint32_t region_count,
                 const struct frame_range *reserved, uint32_t reserved_count);
uint64_t frame_alloc(struct frame_allocator *fa);
enum frame_result frame_free(struct frame_allocator *fa, uint64_t address);
struct frame_stats frame_stats(const struct frame_allocator *fa);
#endif
