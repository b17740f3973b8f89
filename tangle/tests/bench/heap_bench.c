/* Tangled from chapters/10-the-heap.nw. Edit the chapter, not this file. */
#include "../../kernel/memory/heap_bump.c"
#include "../../kernel/memory/heap_list.c"
#include "../../kernel/memory/heap_blocks.c"
#include "../../kernel/memory/heap_realloc.c"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>

#define ARENA_BYTES (512u << 20)
static uint8_t *memory_a, *memory_b;
static struct arena arena_a, arena_b;
static struct bump bump;
static struct list_heap list;
static struct block_heap blocks;

static bool grow_inside(struct arena *a, size_t bytes)
{
    uintptr_t top = align_up(a->top + bytes, 4096);
    if (top > a->limit)
        return false;
    a->top = top;
    return true;
}

enum { OP_ALLOC, OP_FREE, OP_REALLOC };
struct op {
    uint8_t kind;
    uint32_t slot;
    uint32_t size;
};

static int design;          /* 0 glibc, 1 bump, 2 list, 3 blocks */

static void *do_alloc(size_t n)
{
    switch (design) {
    case 1: return bump_alloc(&bump, n, HEAP_MIN_ALIGN);
    case 2: return list_alloc(&list, n, HEAP_MIN_ALIGN);
    case 3: return blocks_alloc(&blocks, n, HEAP_MIN_ALIGN);
    default: return malloc(n);
    }
}

static void do_free(void *p)
{
    switch (design) {
    case 1: bump_free(&bump, p); break;
    case 2: list_free(&list, p); break;
    case 3: blocks_free(&blocks, p); break;
    default: free(p); break;
    }
}

static void *gen_alloc(void *s, size_t n, size_t al)
{
    (void)s;
    (void)al;
    return do_alloc(n);
}
static enum heap_error gen_free(void *s, void *p) { (void)s; do_free(p); return HEAP_OK; }
static size_t gen_usable(void *s, void *p)
{
    (void)s;
    switch (design) {
    case 1: return bump_usable_size(p);
    case 2: return list_usable_size(p);
    case 3: return blocks_usable_size(&blocks, p);
    default: return malloc_usable_size(p);
    }
}

static void *do_realloc(void *p, size_t n)
{
    if (design == 0)
        return realloc(p, n);
    return heap_realloc(NULL, p, n, gen_alloc, gen_free, gen_usable);
}
#define MAX_OPS 700000
static struct op ops[MAX_OPS];
static int op_count, pairs;
static void *slots[200000];

static uint32_t rng = 42;
static uint32_t next(void) { rng = rng * 1664525u + 1013904223u; return rng >> 8; }

static void add(uint8_t kind, uint32_t slot, uint32_t size)
{
    ops[op_count++] = (struct op){kind, slot, size};
}
static void make_trace(const char *name)
{
    if (strcmp(name, "small") == 0) {
        for (uint32_t i = 0; i < 200000; i++) {
            add(OP_ALLOC, i % 100, 16 + next() % 49);
            if (i >= 99)
                add(OP_FREE, (i + 1) % 100, 0);
        }
        pairs = 200000;
    } else if (strcmp(name, "mixed") == 0) {
        uint32_t n = 100000;
        for (uint32_t i = 0; i < n; i++)
            add(OP_ALLOC, i, 16 + next() % 4081);
        for (uint32_t i = n; i > 1; i--) {      /* free in a random order */
            uint32_t j = next() % i;
            uint32_t t = ops[i - 1].slot; ops[i - 1].slot = ops[j].slot; ops[j].slot = t;
        }
        for (uint32_t i = 0; i < n; i++)
            add(OP_FREE, ops[i].slot, 0);
        for (uint32_t i = 0; i < n; i++)
            ops[i].slot = i;
        pairs = (int)n;
    } else {
        for (uint32_t a = 0; a < 2000; a++) {
            add(OP_ALLOC, a, 16);
            for (uint32_t k = 1; k <= 16; k++)
                add(OP_REALLOC, a, 16u << (k % 12));
        }
        for (uint32_t a = 0; a < 2000; a++)
            add(OP_FREE, a, 0);
        pairs = 2000 * 17;
    }
}
__attribute__((noinline)) void run_trace(void)
{
    for (int i = 0; i < op_count; i++) {
        struct op o = ops[i];
        if (o.kind == OP_ALLOC)
            slots[o.slot] = do_alloc(o.size);
        else if (o.kind == OP_FREE) {
            do_free(slots[o.slot]);
            slots[o.slot] = NULL;
        } else
            slots[o.slot] = do_realloc(slots[o.slot], o.size);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    design = atoi(argv[1]);
    if (design != 0) {          /* glibc's own figures must not include our arenas */
        memory_a = aligned_alloc(4096, ARENA_BYTES);
        memory_b = aligned_alloc(4096, ARENA_BYTES);
    }
    arena_a = (struct arena){(uintptr_t)memory_a, (uintptr_t)memory_a,
                             (uintptr_t)memory_a + ARENA_BYTES, grow_inside};
    arena_b = (struct arena){(uintptr_t)memory_b, (uintptr_t)memory_b,
                             (uintptr_t)memory_b + ARENA_BYTES, grow_inside};
    bump_init(&bump, &arena_a);
    list_init(&list, &arena_a);
    blocks_init(&blocks, &arena_b, &list);
    make_trace(argv[2]);
    run_trace();
    size_t in_use = 0, free_total = 0, largest = 0;
    if (design == 2 || design == 3)
        list_free_space(&list, &free_total, &largest);
    size_t arena = (arena_a.top - arena_a.start) + (arena_b.top - arena_b.start);
    if (design == 0) {
        struct mallinfo2 mi = mallinfo2();
        arena = mi.arena + mi.hblkhd;
        in_use = mi.uordblks + mi.hblkhd;
    }
    printf("pairs %d arena %zu in_use %zu free %zu largest %zu\n", pairs, arena, in_use,
           free_total, largest);
    return 0;
}
