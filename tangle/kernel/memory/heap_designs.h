/* Tangled from chapters/10-the-heap.nw. Edit the chapter, not this file. */
#ifndef HEAP_DESIGNS_H
#define HEAP_DESIGNS_H
#include "arena.h"

struct bump {
    struct arena *arena;
    uintptr_t next;
    size_t live;
};
struct free_block {
    size_t size;                    /* bytes in the block, this header included */
    struct free_block *next;        /* the next free block at a higher address */
};

struct list_heap {
    struct arena *arena;
    struct free_block *free;
    size_t bytes_in_use;
};
#define CLASS_COUNT 7               /* 16, 32, 64, 128, 256, 512, 1024 */

struct free_small {
    struct free_small *next;
};

struct block_heap {
    struct arena *slabs;            /* small blocks */
    struct list_heap *large;        /* everything else */
    struct free_small *free[CLASS_COUNT];
    uintptr_t next_slab;
    size_t bytes_in_use;
};
#define TLSF_FL_COUNT 24            /* first levels: blocks below 2 GiB */
#define TLSF_SL_LOG2 4
#define TLSF_SL_COUNT 16            /* second levels: 16 slices per power of two */
#define TLSF_CACHE_CLASSES 16       /* small blocks kept whole: below 256 bytes */

struct tlsf_block {
    struct tlsf_block *prev_phys;   /* the block just below in memory */
    size_t size;                    /* bytes, header included; bit 0: free */
    struct tlsf_block *next_free, *prev_free;   /* only while free */
};

struct tlsf_heap {
    struct arena *arena;
    struct tlsf_block *sentinel;    /* the header at the arena's top */
    uint32_t fl_bitmap;             /* bit f: some list of first level f has a block */
    uint16_t sl_bitmap[TLSF_FL_COUNT];      /* bit s: list (f, s) has a block */
    struct tlsf_block *free[TLSF_FL_COUNT][TLSF_SL_COUNT];
    struct tlsf_block *cache[TLSF_CACHE_CLASSES];   /* by block size / 16 */
    uint8_t cached[TLSF_CACHE_CLASSES];
    size_t bytes_in_use;
};

void bump_init(struct bump *b, struct arena *a);
void *bump_alloc(struct bump *b, size_t size, size_t align);
enum heap_error bump_free(struct bump *b, void *p);
size_t bump_usable_size(void *p);

void list_init(struct list_heap *h, struct arena *a);
void *list_alloc(struct list_heap *h, size_t size, size_t align);
enum heap_error list_check(struct list_heap *h, void *p);
enum heap_error list_free(struct list_heap *h, void *p);
size_t list_usable_size(void *p);
void list_free_space(const struct list_heap *h, size_t *total, size_t *largest);

void blocks_init(struct block_heap *h, struct arena *slabs, struct list_heap *large);
void *blocks_alloc(struct block_heap *h, size_t size, size_t align);
enum heap_error blocks_check(struct block_heap *h, void *p);
enum heap_error blocks_free(struct block_heap *h, void *p);
size_t blocks_usable_size(struct block_heap *h, void *p);

void tlsf_init(struct tlsf_heap *h, struct arena *a);
void *tlsf_alloc(struct tlsf_heap *h, size_t size, size_t align);
enum heap_error tlsf_check(const struct tlsf_heap *h, void *p);
enum heap_error tlsf_free(struct tlsf_heap *h, void *p);
void *tlsf_realloc(struct tlsf_heap *h, void *p, size_t size);
bool tlsf_free_space(const struct tlsf_heap *h, size_t *total, size_t *largest);
void tlsf_flush_cache(struct tlsf_heap *h);

void *heap_realloc(void *state, void *p, size_t size,
                   void *(*alloc)(void *, size_t, size_t),
                   enum heap_error (*release)(void *, void *),
                   size_t (*usable)(void *, void *));
#endif
