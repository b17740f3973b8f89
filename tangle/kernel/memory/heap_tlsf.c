/* Tangled from chapters/10-the-heap.nw. Edit the chapter, not this file. */
#include "heap_designs.h"
#include "lib.h"

#define TLSF_HEADER 16u             /* prev_phys and size */
#define TLSF_MIN_BLOCK 32u          /* a header and the two links of a free block */
#define TLSF_FREE 1u
#define TLSF_CACHED 2u              /* freed, but kept whole in the cache */
#define TLSF_CACHE_DEPTH 8
#define TLSF_TRIM_AT (64u * 1024)   /* a free block this large at the top: shrink */

static inline size_t tlsf_size(const struct tlsf_block *b)
{
    return b->size & ~(size_t)(HEAP_MIN_ALIGN - 1);
}

static inline struct tlsf_block *tlsf_above(const struct tlsf_block *b)
{
    return (struct tlsf_block *)((uintptr_t)b + tlsf_size(b));
}

static inline void tlsf_index(size_t size, unsigned *fl, unsigned *sl)
{
    if (size < 256) {
        *fl = 0;
        *sl = (unsigned)(size / 16);
        return;
    }
    unsigned top = 63u - (unsigned)__builtin_clzll(size);
    *fl = top - 7;
    *sl = (unsigned)(size >> (top - TLSF_SL_LOG2)) & (TLSF_SL_COUNT - 1);
}
static inline void tlsf_push(struct tlsf_heap *h, struct tlsf_block *b)
{
    unsigned fl, sl;
    tlsf_index(tlsf_size(b), &fl, &sl);
    struct tlsf_block *head = h->free[fl][sl];
    b->next_free = head;
    b->prev_free = NULL;
    if (head != NULL)
        head->prev_free = b;
    h->free[fl][sl] = b;
    h->fl_bitmap |= 1u << fl;
    h->sl_bitmap[fl] |= (uint16_t)(1u << sl);
}

static inline void tlsf_unlink_from(struct tlsf_heap *h, struct tlsf_block *b,
                                    unsigned fl, unsigned sl)
{
    if (b->prev_free != NULL)
        b->prev_free->next_free = b->next_free;
    else
        h->free[fl][sl] = b->next_free;
    if (b->next_free != NULL)
        b->next_free->prev_free = b->prev_free;
    if (h->free[fl][sl] == NULL) {
        h->sl_bitmap[fl] &= (uint16_t)~(1u << sl);
        if (h->sl_bitmap[fl] == 0)
            h->fl_bitmap &= ~(1u << fl);
    }
}

static inline void tlsf_unlink(struct tlsf_heap *h, struct tlsf_block *b)
{
    unsigned fl, sl;
    tlsf_index(tlsf_size(b), &fl, &sl);
    tlsf_unlink_from(h, b, fl, sl);
}
static inline size_t tlsf_round(size_t size)
{
    if (size >= 256)
        size += ((size_t)1 << (63u - (unsigned)__builtin_clzll(size) - TLSF_SL_LOG2)) - 1;
    return size;
}

static inline struct tlsf_block *tlsf_take(struct tlsf_heap *h, size_t size)
{
    unsigned fl, sl;
    tlsf_index(size, &fl, &sl);
    if (fl >= TLSF_FL_COUNT)
        return NULL;
    uint32_t slices = h->sl_bitmap[fl] & (~0u << sl);
    if (slices == 0) {
        uint32_t levels = h->fl_bitmap & (~0u << (fl + 1));
        if (levels == 0)
            return NULL;
        fl = (unsigned)__builtin_ctz(levels);
        slices = h->sl_bitmap[fl];
    }
    sl = (unsigned)__builtin_ctz(slices);
    struct tlsf_block *b = h->free[fl][sl];
    tlsf_unlink_from(h, b, fl, sl);
    b->size &= ~(size_t)TLSF_FREE;
    return b;
}
static inline struct tlsf_block *tlsf_merge(struct tlsf_heap *h, struct tlsf_block *b)
{
    b->size |= TLSF_FREE;
    struct tlsf_block *above = tlsf_above(b);
    if (above->size & TLSF_FREE) {
        tlsf_unlink(h, above);
        b->size += tlsf_size(above);
        tlsf_above(b)->prev_phys = b;
    }
    struct tlsf_block *below = b->prev_phys;
    if (below != NULL && (below->size & TLSF_FREE)) {
        tlsf_unlink(h, below);
        below->size += tlsf_size(b);
        tlsf_above(below)->prev_phys = below;
        b = below;
    }
    return b;
}
static inline void tlsf_split(struct tlsf_heap *h, struct tlsf_block *b, size_t keep)
{
    size_t rest = tlsf_size(b) - keep;
    if (rest < TLSF_MIN_BLOCK)
        return;
    struct tlsf_block *r = (struct tlsf_block *)((uintptr_t)b + keep);
    r->prev_phys = b;
    r->size = rest | TLSF_FREE;
    b->size = keep;
    tlsf_above(r)->prev_phys = r;
    if (tlsf_above(r)->size & TLSF_FREE)        /* only after a shrinking realloc */
        r = tlsf_merge(h, r);
    tlsf_push(h, r);
}

static struct tlsf_block *tlsf_align(struct tlsf_heap *h, struct tlsf_block *b,
                                     size_t align)
{
    uintptr_t payload = align_up((uintptr_t)b + TLSF_HEADER, align);
    if (payload - TLSF_HEADER - (uintptr_t)b - 1 < TLSF_MIN_BLOCK - 1)
        payload += align;           /* a lead too small to be a block of its own */
    size_t lead = payload - TLSF_HEADER - (uintptr_t)b;
    if (lead == 0)
        return b;
    struct tlsf_block *a = (struct tlsf_block *)(payload - TLSF_HEADER);
    a->prev_phys = b;
    a->size = tlsf_size(b) - lead;
    tlsf_above(a)->prev_phys = a;
    b->size = lead;
    tlsf_push(h, tlsf_merge(h, b));
    return a;
}
static void tlsf_take_top(struct tlsf_heap *h, uintptr_t old_top)
{
    struct arena *a = h->arena;
    if (a->top - old_top < TLSF_MIN_BLOCK + TLSF_HEADER)
        return;                     /* nothing, or too little, arrived */
    struct tlsf_block *b = h->sentinel;
    if (b == NULL) {                /* the first growth: a block at the start */
        b = (struct tlsf_block *)a->start;
        b->prev_phys = NULL;
    }
    b->size = a->top - TLSF_HEADER - (uintptr_t)b;
    h->sentinel = (struct tlsf_block *)(a->top - TLSF_HEADER);
    h->sentinel->prev_phys = b;
    h->sentinel->size = 0;          /* in use, and no block above it */
    tlsf_push(h, tlsf_merge(h, b));
}

static void tlsf_grow(struct tlsf_heap *h, size_t need)
{
    size_t grow = need + TLSF_MIN_BLOCK + TLSF_HEADER;
    uintptr_t old_top = h->arena->top;
    h->arena->grow(h->arena, grow > HEAP_GROW_STEP ? grow : HEAP_GROW_STEP);
    tlsf_take_top(h, old_top);
}
static void tlsf_trim(struct tlsf_heap *h, struct tlsf_block *b)
{
    struct arena *a = h->arena;
    if (a->shrink == NULL || tlsf_above(b) != h->sentinel || tlsf_size(b) < TLSF_TRIM_AT)
        return;
    uintptr_t top = align_up((uintptr_t)b + TLSF_MIN_BLOCK + TLSF_HEADER + HEAP_GROW_STEP,
                             4096);
    if (top >= a->top || !a->shrink(a, top))
        return;
    b->size = (top - TLSF_HEADER - (uintptr_t)b) | TLSF_FREE;
    h->sentinel = (struct tlsf_block *)(top - TLSF_HEADER);
    h->sentinel->prev_phys = b;
    h->sentinel->size = 0;
}
static inline void *tlsf_cache_pop(struct tlsf_heap *h, size_t size)
{
    unsigned c = (unsigned)(size / 16);
    struct tlsf_block *b = h->cache[c];
    if (b == NULL)
        return NULL;
    h->cache[c] = b->next_free;
    h->cached[c]--;
    b->size = size;
    h->bytes_in_use += size;
    return (uint8_t *)b + TLSF_HEADER;
}

static inline bool tlsf_cache_push(struct tlsf_heap *h, struct tlsf_block *b)
{
    size_t size = tlsf_size(b);
    unsigned c = (unsigned)(size / 16);
    if (size >= TLSF_CACHE_CLASSES * 16 || h->cached[c] == TLSF_CACHE_DEPTH)
        return false;
    b->size = size | TLSF_CACHED;
    b->next_free = h->cache[c];
    h->cache[c] = b;
    h->cached[c]++;
    return true;
}
void tlsf_flush_cache(struct tlsf_heap *h)
{
    for (unsigned c = 0; c < TLSF_CACHE_CLASSES; c++) {
        while (h->cache[c] != NULL) {
            struct tlsf_block *b = h->cache[c];
            h->cache[c] = b->next_free;
            b->size &= ~(size_t)TLSF_CACHED;
            tlsf_push(h, tlsf_merge(h, b));
        }
        h->cached[c] = 0;
    }
}
void tlsf_init(struct tlsf_heap *h, struct arena *a)
{
    *h = (struct tlsf_heap){.arena = a};
    tlsf_take_top(h, a->start);
}

void *tlsf_alloc(struct tlsf_heap *h, size_t size, size_t align)
{
    size_t room = h->arena->limit - h->arena->start;
    if (align < HEAP_MIN_ALIGN)
        align = HEAP_MIN_ALIGN;
    if (size > room || align > room)
        return NULL;
    size_t need = align_up(size + TLSF_HEADER, HEAP_MIN_ALIGN);
    if (need < TLSF_MIN_BLOCK)
        need = TLSF_MIN_BLOCK;
    if (align == HEAP_MIN_ALIGN && need < TLSF_CACHE_CLASSES * 16) {
        void *p = tlsf_cache_pop(h, need);
        if (p != NULL)
            return p;
    }
    size_t ask = align == HEAP_MIN_ALIGN ? need : need + align + TLSF_MIN_BLOCK;
    ask = tlsf_round(ask);
    struct tlsf_block *b = tlsf_take(h, ask);
    if (b == NULL) {
        tlsf_grow(h, ask);
        if ((b = tlsf_take(h, ask)) == NULL)
            return NULL;
    }
    if (align > HEAP_MIN_ALIGN)
        b = tlsf_align(h, b, align);
    tlsf_split(h, b, need);
    h->bytes_in_use += tlsf_size(b);
    return (uint8_t *)b + TLSF_HEADER;
}
static inline enum heap_error tlsf_verify(const struct tlsf_heap *h, void *p)
{
    uintptr_t a = (uintptr_t)p;
    if (a % HEAP_MIN_ALIGN != 0 || a < h->arena->start + TLSF_HEADER ||
        a > (uintptr_t)h->sentinel)
        return HEAP_BAD_POINTER;
    const struct tlsf_block *b = (const struct tlsf_block *)(a - TLSF_HEADER);
    if (b->size & (TLSF_FREE | TLSF_CACHED))
        return HEAP_DOUBLE_FREE;
    size_t size = tlsf_size(b);
    if (size < TLSF_MIN_BLOCK || size > (uintptr_t)h->sentinel - (uintptr_t)b ||
        tlsf_above(b)->prev_phys != b)
        return HEAP_BAD_POINTER;
    return HEAP_OK;
}

enum heap_error tlsf_check(const struct tlsf_heap *h, void *p)
{
    return tlsf_verify(h, p);
}

enum heap_error tlsf_free(struct tlsf_heap *h, void *p)
{
    enum heap_error e = tlsf_verify(h, p);
    if (e != HEAP_OK)
        return e;
    struct tlsf_block *b = (struct tlsf_block *)((uintptr_t)p - TLSF_HEADER);
    h->bytes_in_use -= tlsf_size(b);
    if (tlsf_cache_push(h, b))
        return HEAP_OK;
    b = tlsf_merge(h, b);
    tlsf_trim(h, b);
    tlsf_push(h, b);
    return HEAP_OK;
}
static void tlsf_move_up(struct tlsf_heap *h, struct tlsf_block *old,
                         struct tlsf_block *new, unsigned fl, unsigned sl)
{
    struct tlsf_block *below = old->prev_phys, *next = old->next_free,
                      *prev = old->prev_free, *above = tlsf_above(old);
    new->prev_phys = below;
    new->size = ((uintptr_t)above - (uintptr_t)new) | TLSF_FREE;
    new->next_free = next;
    new->prev_free = prev;
    if (prev != NULL)
        prev->next_free = new;
    else
        h->free[fl][sl] = new;
    if (next != NULL)
        next->prev_free = new;
    above->prev_phys = new;
}

static bool tlsf_extend(struct tlsf_heap *h, struct tlsf_block *b, size_t need)
{
    struct tlsf_block *above = tlsf_above(b);
    bool free_above = above->size & TLSF_FREE;
    size_t room = tlsf_size(b) + (free_above ? tlsf_size(above) : 0);
    if (room < need && (free_above ? tlsf_above(above) : above) == h->sentinel) {
        tlsf_grow(h, need - room);
        above = tlsf_above(b);
        free_above = above->size & TLSF_FREE;
        room = tlsf_size(b) + (free_above ? tlsf_size(above) : 0);
    }
    if (room < need)
        return false;
    unsigned fl, sl, rest_fl, rest_sl;
    tlsf_index(tlsf_size(above), &fl, &sl);
    tlsf_index(room - need, &rest_fl, &rest_sl);
    if (room - need >= TLSF_MIN_BLOCK && rest_fl == fl && rest_sl == sl) {
        tlsf_move_up(h, above, (struct tlsf_block *)((uintptr_t)b + need), fl, sl);
        b->size = need;
        return true;
    }
    tlsf_unlink_from(h, above, fl, sl);
    b->size = room;
    tlsf_above(b)->prev_phys = b;
    return true;
}

__attribute__((noinline))   /* rare: keep its registers off the common path */
static void *tlsf_move(struct tlsf_heap *h, void *p, size_t size, size_t have)
{
    void *q = tlsf_alloc(h, size, HEAP_MIN_ALIGN);
    if (q != NULL) {
        memcpy(q, p, have - TLSF_HEADER);
        tlsf_free(h, p);
    }
    return q;
}

void *tlsf_realloc(struct tlsf_heap *h, void *p, size_t size)
{
    if (p == NULL)
        return tlsf_alloc(h, size, HEAP_MIN_ALIGN);
    if (tlsf_verify(h, p) != HEAP_OK || size > h->arena->limit - h->arena->start)
        return NULL;
    struct tlsf_block *b = (struct tlsf_block *)((uintptr_t)p - TLSF_HEADER);
    size_t need = align_up(size + TLSF_HEADER, HEAP_MIN_ALIGN), have = tlsf_size(b);
    if (need < TLSF_MIN_BLOCK)
        need = TLSF_MIN_BLOCK;
    if (need > have && !tlsf_extend(h, b, need))
        return tlsf_move(h, p, size, have);
    tlsf_split(h, b, need);
    h->bytes_in_use += tlsf_size(b) - have;
    return p;
}
bool tlsf_free_space(const struct tlsf_heap *h, size_t *total, size_t *largest)
{
    *total = *largest = 0;
    if (h->sentinel == NULL)
        return true;
    const struct tlsf_block *below = NULL;
    const struct tlsf_block *b = (const struct tlsf_block *)h->arena->start;
    for (; b != h->sentinel; below = b, b = tlsf_above(b)) {
        bool is_free = b->size & TLSF_FREE;
        if (b->prev_phys != below || tlsf_size(b) < TLSF_MIN_BLOCK ||
            tlsf_size(b) > (uintptr_t)h->sentinel - (uintptr_t)b ||
            (is_free && below != NULL && (below->size & TLSF_FREE)))
            return false;           /* a broken tag, or two free blocks side by side */
        if (is_free || (b->size & TLSF_CACHED))
            *total += tlsf_size(b);
        if (is_free && tlsf_size(b) > *largest)
            *largest = tlsf_size(b);
    }
    return b->prev_phys == below;
}
