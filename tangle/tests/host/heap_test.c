/* Tangled from chapters/10-the-heap.nw. Edit the chapter, not this file. */
#include "check.h"
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
#define MAX_LIVE 512

struct live {
    uint8_t *p;
    size_t size, align;
    uint8_t pattern;
};

static struct live live[MAX_LIVE];
static int live_count;
static int failures_overlap, failures_align, failures_contents;
static int refusals;                /* allocations and resizes that gave NULL */

static void fill(struct live *l)
{
    memset(l->p, l->pattern, l->size);
}

static bool intact(const struct live *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (l->p[i] != l->pattern)
            return false;
    return true;
}

static int by_address(const void *a, const void *b)
{
    const struct live *x = a, *y = b;
    return x->p < y->p ? -1 : x->p > y->p;
}

static void check_model(void)
{
    struct live sorted[MAX_LIVE];
    memcpy(sorted, live, sizeof(struct live) * (size_t)live_count);
    qsort(sorted, (size_t)live_count, sizeof sorted[0], by_address);
    for (int i = 1; i < live_count; i++)
        if (sorted[i - 1].p + sorted[i - 1].size > sorted[i].p)
            failures_overlap++;
    for (int i = 0; i < live_count; i++)
        if ((uintptr_t)live[i].p % live[i].align != 0)
            failures_align++;
}
static uint32_t seed;

static uint32_t next_random(void)
{
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
}

static void release_all(const struct design *d)
{
    for (int i = 0; i < live_count; i++) {
        if (!intact(&live[i], live[i].size))
            failures_contents++;
        d->release(d->state, live[i].p);
    }
    live_count = 0;
}

static void trace_alloc(const struct design *d)
{
    static const size_t aligns[] = {1, 16, 16, 16, 64, 256, 4096};
    struct live l = {NULL, 1 + next_random() % (next_random() % 8 ? 200 : 3000),
                     aligns[next_random() % 7], (uint8_t)next_random()};
    l.p = d->alloc(d->state, l.size, l.align);
    if (l.p == NULL) {
        refusals++;
        return;
    }
    fill(&l);
    live[live_count++] = l;
}

static void trace_free(const struct design *d, int i)
{
    if (!intact(&live[i], live[i].size))
        failures_contents++;
    d->release(d->state, live[i].p);
    live[i] = live[--live_count];
}

static void trace_resize(const struct design *d, int i)
{
    size_t size = 1 + next_random() % 2000;
    uint8_t *q = d->resize(d->state, live[i].p, size);
    if (q == NULL) {
        refusals++;
        return;
    }
    live[i].p = q;
    if (!intact(&live[i], size < live[i].size ? size : live[i].size))
        failures_contents++;
    live[i].size = size;
    live[i].align = HEAP_MIN_ALIGN;
    fill(&live[i]);
}

static void run_trace(const struct design *d, uint32_t trace_seed, int steps)
{
    seed = trace_seed;
    for (int step = 0; step < steps; step++) {
        uint32_t r = next_random() % 10;
        if ((r < 5 || live_count == 0) && live_count < MAX_LIVE)
            trace_alloc(d);
        else if (r < 8)
            trace_free(d, (int)(next_random() % (uint32_t)live_count));
        else
            trace_resize(d, (int)(next_random() % (uint32_t)live_count));
        if (step % 64 == 0)
            check_model();
    }
    check_model();
}
static void check_refusals(const struct design *d, char *what, size_t n)
{
    d->reset(ARENA_BYTES);
    void *p = d->alloc(d->state, 40, 16);
    void *q = d->alloc(d->state, 40, 16);
    snprintf(what, n, "%s: a double free is refused", d->name);
    CHECK(d->release(d->state, p) == HEAP_OK &&
          d->release(d->state, p) == HEAP_DOUBLE_FREE, what);
    static uint8_t elsewhere[64] __attribute__((aligned(16)));
    snprintf(what, n, "%s: freeing a pointer the heap never gave is refused", d->name);
    CHECK(d->release(d->state, elsewhere + 16) == HEAP_BAD_POINTER, what);
    d->release(d->state, q);

    d->reset(64 * 1024);
    int got = 0;
    while (d->alloc(d->state, 1000, 16) != NULL && got < 1000)
        got++;
    snprintf(what, n, "%s: out of memory gives NULL, not corruption", d->name);
    CHECK(got > 10 && got < 1000, what);
    snprintf(what, n, "%s: a huge request gives NULL", d->name);
    CHECK(d->alloc(d->state, SIZE_MAX - 4096, 16) == NULL, what);
}
static bool grow_halfway(struct arena *a, size_t bytes)
{
    grow_inside(a, bytes / 2);
    return false;
}

int main(void)
{
    char what[128];
    for (size_t k = 0; k < DESIGN_COUNT; k++) {
        const struct design *d = &designs[k];
        d->reset(ARENA_BYTES);
        failures_overlap = failures_align = failures_contents = refusals = 0;
        run_trace(d, 12345, 20000);
        release_all(d);
        uintptr_t top_after_first = d->arena_top();
        run_trace(d, 12345, 20000);
        release_all(d);
        snprintf(what, sizeof what, "%s: no overlapping blocks in 40000 steps", d->name);
        CHECK(failures_overlap == 0, what);
        snprintf(what, sizeof what, "%s: every block aligned as asked", d->name);
        CHECK(failures_align == 0, what);
        snprintf(what, sizeof what, "%s: contents kept, also across realloc", d->name);
        CHECK(failures_contents == 0, what);
        snprintf(what, sizeof what, "%s: no request of the trace is refused", d->name);
        CHECK(refusals == 0 || d->reset == bump_reset, what);  /* bump cannot reuse */
        snprintf(what, sizeof what, "%s: freed memory is reused (no growth)", d->name);
        CHECK(d->arena_top() <= top_after_first, what);
        check_refusals(d, what, sizeof what);
    }
    {
        list_reset(ARENA_BYTES);
        void *a = list_alloc(&list, 100, 4096);
        size_t before_total, before_largest, total, largest;
        list_free(&list, a);
        list_free_space(&list, &before_total, &before_largest);
        for (int i = 0; i < 200; i++) {
            void *p = list_alloc(&list, 24 + (size_t)i, 256);
            list_free(&list, p);
        }
        list_free_space(&list, &total, &largest);
        CHECK(total == before_total && total > 0 && largest == total &&
              list.bytes_in_use == 0,
              "linked list: aligned allocations leak no padding; all free space coalesces");
    }
    {
        list_reset(ARENA_BYTES);
        arena_a.grow = grow_halfway;
        size_t total, largest;
        CHECK(list_alloc(&list, 64 * 1024, 16) == NULL, "linked list: a failed growth fails");
        list_free_space(&list, &total, &largest);
        CHECK(total == arena_a.top - arena_a.start && total > 0,
              "linked list: the part of a failed growth that arrived is free space");
        CHECK(list_alloc(&list, 1000, 16) != NULL,
              "linked list: and smaller requests use it");
    }
    {
        size_t total, largest;
        tlsf_reset(ARENA_BYTES);
        CHECK(tlsf_alloc(&tlsf, ((size_t)1 << 20) + 1, 16) != NULL,
              "two-level segregated fit: 1 MiB and a byte on an empty heap");
        tlsf_reset(ARENA_BYTES);
        char *a = tlsf_alloc(&tlsf, 100, 16);
        memset(a, 7, 100);
        char *b = tlsf_realloc(&tlsf, a, 3000);
        CHECK(b == a && b[99] == 7, "two-level segregated fit: realloc grows in place");
        memset(b, 7, 3000);
        char *c = tlsf_alloc(&tlsf, 100, 16);
        char *d = tlsf_realloc(&tlsf, b, 9000);
        CHECK(d != b && d[99] == 7 && d[2999] == 7,
              "two-level segregated fit: and moves, keeping the contents, when it must");
        tlsf_free(&tlsf, c);
        tlsf_free(&tlsf, d);
        tlsf_flush_cache(&tlsf);
        CHECK(tlsf_free_space(&tlsf, &total, &largest) && largest == total &&
              arena_a.top - arena_a.start < TLSF_TRIM_AT,
              "two-level segregated fit: freeing everything gives the arena back");
        tlsf_reset(ARENA_BYTES);
        run_trace(&designs[3], 777, 20000);
        CHECK(tlsf_free_space(&tlsf, &total, &largest),
              "two-level segregated fit: every boundary tag whole after 20000 steps");
        release_all(&designs[3]);
    }
    {
        tlsf_reset(ARENA_BYTES);
        arena_a.grow = grow_halfway;
        size_t total, largest;
        CHECK(tlsf_alloc(&tlsf, 64 * 1024, 16) == NULL,
              "two-level segregated fit: a failed growth fails");
        CHECK(tlsf_free_space(&tlsf, &total, &largest) &&
              total == arena_a.top - arena_a.start - TLSF_HEADER && total > 0 &&
              tlsf_alloc(&tlsf, 1000, 16) != NULL,
              "two-level segregated fit: the part that arrived is used");
    }
    return check_done();
}
