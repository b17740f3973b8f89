/* Tangled from chapters/10-the-heap.nw. Edit the chapter, not this file. */
#include "../../kernel/memory/heap_bump.c"
#include "../../kernel/memory/heap_list.c"
#include "../../kernel/memory/heap_blocks.c"
#include "../../kernel/memory/heap_tlsf.c"
#include "../../kernel/memory/heap_realloc.c"
#include <stdlib.h>
#include <string.h>

#define ARENA_BYTES (8u << 20)
static uint8_t memory_a[ARENA_BYTES] __attribute__((aligned(4096)));
static uint8_t memory_b[ARENA_BYTES] __attribute__((aligned(4096)));

static bool grow_inside(struct arena *a, size_t bytes)
{
    uintptr_t top = align_up(a->top + bytes, 4096);
    if (top > a->limit)
        return false;
    a->top = top;
    return true;
}

static bool shrink_inside(struct arena *a, uintptr_t top)
{
    a->top = top;
    return true;
}

static struct arena make_arena(uint8_t *memory, size_t limit)
{
    return (struct arena){(uintptr_t)memory, (uintptr_t)memory,
                          (uintptr_t)memory + limit, grow_inside, shrink_inside};
}

struct design {
    const char *name;
    void (*reset)(size_t limit);
    void *(*alloc)(void *, size_t, size_t);
    enum heap_error (*release)(void *, void *);
    void *(*resize)(void *, void *, size_t);
    void *state;
    uintptr_t (*arena_top)(void);
};

static struct arena arena_a, arena_b;
static struct bump bump;
static struct list_heap list;
static struct block_heap blocks;
static struct tlsf_heap tlsf;

static void *bump_a(void *s, size_t n, size_t al) { return bump_alloc(s, n, al); }
static enum heap_error bump_r(void *s, void *p) { return bump_free(s, p); }
static size_t bump_u(void *s, void *p) { (void)s; return bump_usable_size(p); }
static void bump_reset(size_t limit)
{
    arena_a = make_arena(memory_a, limit);
    bump_init(&bump, &arena_a);
}

static void *list_a(void *s, size_t n, size_t al) { return list_alloc(s, n, al); }
static enum heap_error list_r(void *s, void *p) { return list_free(s, p); }
static size_t list_u(void *s, void *p) { (void)s; return list_usable_size(p); }
static void list_reset(size_t limit)
{
    arena_a = make_arena(memory_a, limit);
    list_init(&list, &arena_a);
}

static void *blocks_a(void *s, size_t n, size_t al) { return blocks_alloc(s, n, al); }
static enum heap_error blocks_r(void *s, void *p) { return blocks_free(s, p); }
static size_t blocks_u(void *s, void *p) { return blocks_usable_size(s, p); }
static void blocks_reset(size_t limit)
{
    arena_a = make_arena(memory_a, limit);
    arena_b = make_arena(memory_b, limit);
    list_init(&list, &arena_a);
    blocks_init(&blocks, &arena_b, &list);
}
static void *tlsf_a(void *s, size_t n, size_t al) { return tlsf_alloc(s, n, al); }
static enum heap_error tlsf_r(void *s, void *p) { return tlsf_free(s, p); }
static void *tlsf_z(void *s, void *p, size_t n) { return tlsf_realloc(s, p, n); }
static void tlsf_reset(size_t limit)
{
    arena_a = make_arena(memory_a, limit);
    tlsf_init(&tlsf, &arena_a);
}
static void *shared_z(void *s, void *p, size_t n)
{
    if (s == &bump)
        return heap_realloc(s, p, n, bump_a, bump_r, bump_u);
    if (s == &list)
        return heap_realloc(s, p, n, list_a, list_r, list_u);
    return heap_realloc(s, p, n, blocks_a, blocks_r, blocks_u);
}

static uintptr_t top_a(void) { return arena_a.top; }
static uintptr_t top_ab(void) { return arena_a.top + arena_b.top; }

static struct design designs[] = {
    {"bump", bump_reset, bump_a, bump_r, shared_z, &bump, top_a},
    {"linked list", list_reset, list_a, list_r, shared_z, &list, top_a},
    {"fixed-size blocks", blocks_reset, blocks_a, blocks_r, shared_z, &blocks, top_ab},
    {"two-level segregated fit", tlsf_reset, tlsf_a, tlsf_r, tlsf_z, &tlsf, top_a},
};
#define DESIGN_COUNT (sizeof designs / sizeof designs[0])

#define FUZZ_ARENA_BYTES (256u << 10)
#define MAX_BLOCKS 64
static struct block {
    uint8_t *p;
    size_t size;
    uint8_t fill;
} blocks_live[MAX_BLOCKS];
static int blocks_count;

static void check_fill(const struct block *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (b->p[i] != b->fill)
            abort();                    /* the heap wrote into a live block */
}

static void check_new(const uint8_t *p, size_t size, size_t align)
{
    bool in_a = p >= memory_a && size <= (size_t)(memory_a + ARENA_BYTES - p);
    bool in_b = p >= memory_b && size <= (size_t)(memory_b + ARENA_BYTES - p);
    if ((!in_a && !in_b) || (uintptr_t)p % align != 0)
        abort();
    for (int i = 0; i < blocks_count; i++)
        if (p < blocks_live[i].p + blocks_live[i].size && blocks_live[i].p < p + size)
            abort();                    /* overlaps a live block */
}
static size_t size_of(uint8_t kind, uint16_t n)
{
    switch (kind % 4) {
    case 0: return n % 64;
    case 1: return n % 4096;
    case 2: return (size_t)n * 4;
    default: return SIZE_MAX - n;
    }
}

static void fuzz_alloc(const struct design *d, size_t want, size_t align, uint8_t fill)
{
    uint8_t *p = d->alloc(d->state, want, align);
    if (p == NULL || blocks_count == MAX_BLOCKS)
        return;                         /* out of memory is allowed */
    check_new(p, want, align < HEAP_MIN_ALIGN ? HEAP_MIN_ALIGN : align);
    blocks_live[blocks_count++] = (struct block){p, want, fill};
    memset(p, fill, want);
}

static void fuzz_free(const struct design *d, int i)
{
    check_fill(&blocks_live[i], blocks_live[i].size);
    if (d->release(d->state, blocks_live[i].p) != HEAP_OK ||
        d->release(d->state, blocks_live[i].p) == HEAP_OK)
        abort();                        /* accepted once, refused the second time */
    blocks_live[i] = blocks_live[--blocks_count];
}
static void fuzz_realloc(const struct design *d, int i, size_t want)
{
    struct block b = blocks_live[i];
    blocks_live[i] = blocks_live[--blocks_count];       /* out of the model */
    uint8_t *q = d->resize(d->state, b.p, want);
    if (q != NULL) {
        check_new(q, want, HEAP_MIN_ALIGN);
        b.p = q;
        check_fill(&b, b.size < want ? b.size : want);
        b.size = want;
        memset(q, ++b.fill, want);
    }
    check_fill(&b, b.size);
    blocks_live[blocks_count++] = b;
}
static bool all_memory_is_free(const struct design *d)
{
    size_t total, largest;
    if (d->state == &bump)
        return bump.live == 0 && bump.next == arena_a.start;
    if (d->state == &tlsf)
        tlsf_flush_cache(&tlsf);
    if (d->state == &tlsf)
        return tlsf_free_space(&tlsf, &total, &largest) && tlsf.bytes_in_use == 0 &&
               total + (tlsf.sentinel ? TLSF_HEADER : 0) == arena_a.top - arena_a.start &&
               largest == total;
    list_free_space(&list, &total, &largest);
    if (d->state == &blocks && blocks.bytes_in_use != 0)
        return false;
    return list.bytes_in_use == 0 && total == arena_a.top - arena_a.start &&
           largest == total;
}
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t elsewhere[64] __attribute__((aligned(16)));
    if (size == 0)
        return 0;
    const struct design *d = &designs[data[0] % DESIGN_COUNT];
    d->reset(FUZZ_ARENA_BYTES);
    blocks_count = 0;
    for (size_t at = 1; at + 4 <= size; at += 4) {
        uint8_t op = data[at], arg = data[at + 1];
        size_t want = size_of(op >> 2, (uint16_t)(data[at + 2] | data[at + 3] << 8));
        if (op % 4 == 0)
            fuzz_alloc(d, want, (size_t)1 << (arg % 14), arg);
        else if (op % 4 == 1 && blocks_count > 0)
            fuzz_free(d, arg % blocks_count);
        else if (op % 4 == 2 && blocks_count > 0)
            fuzz_realloc(d, arg % blocks_count, want);
        else if (op % 4 == 3 && d->release(d->state, elsewhere + 16) != HEAP_BAD_POINTER)
            abort();                    /* not the heap's to free */
    }
    while (blocks_count > 0)
        fuzz_free(d, blocks_count - 1);
    if (!all_memory_is_free(d))
        abort();                        /* something leaked, or did not coalesce */
    return 0;
}
