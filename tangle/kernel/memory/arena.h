/* Tangled from chapters/10-the-heap.nw. Edit the chapter, not this file. */
#ifndef ARENA_H
#define ARENA_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena {
    uintptr_t start, top, limit;                 /* [start, top) is usable */
    bool (*grow)(struct arena *a, size_t bytes);  /* extend top by at least bytes */
    bool (*shrink)(struct arena *a, uintptr_t top); /* lower top; NULL: it cannot */
};

enum heap_error { HEAP_OK, HEAP_DOUBLE_FREE, HEAP_BAD_POINTER };

#define HEAP_MIN_ALIGN 16
#define HEAP_GROW_STEP (16u * 1024)

static inline uintptr_t align_up(uintptr_t x, size_t align)
{
    return (x + align - 1) & ~(uintptr_t)(align - 1);
}
#endif
