/* Tangled from chapters/10-the-heap.nw. Edit the chapter, not this file. */
#ifndef HEAP_H
#define HEAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HEAP_START 0x0000400000000000ull
#define HEAP_ARENA_LIMIT (1ull << 30)

struct heap_stats {
    size_t arena_bytes, bytes_in_use, free_bytes, largest_free;
    uint64_t allocations, frees, failures, refused_frees;
    bool whole;                     /* every boundary tag checked out */
};

void heap_init(void);
void *kmalloc(size_t size);
void *kmalloc_aligned(size_t size, size_t align);
void *kcalloc(size_t count, size_t size);
void *krealloc(void *p, size_t size);
void kfree(void *p);
struct heap_stats heap_stats(void);
void mem_report(void);
#endif
