/* Tangled from chapters/10-the-heap.nw. Edit the chapter, not this file. */
#include "heap_designs.h"

struct list_header {                /* just before every payload */
    uintptr_t block;                /* where the allocation's block starts */
    size_t block_size;
    size_t size;                    /* what the caller asked for */
    uint64_t magic;
};
#define LIST_USED 0x5553454455534544ull
#define LIST_FREED 0x4652454546524545ull
#define LIST_MIN_BLOCK 32

static bool list_insert(struct list_heap *h, uintptr_t start, size_t size)
{
    struct free_block *prev = NULL, *next = h->free;
    while (next != NULL && (uintptr_t)next < start) {
        prev = next;
        next = next->next;
    }
    if ((prev && (uintptr_t)prev + prev->size > start) ||
        (next && start + size > (uintptr_t)next))
        return false;
    struct free_block *b = (struct free_block *)start;
    b->size = size;
    b->next = next;
    if (next && start + size == (uintptr_t)next) {
        b->size += next->size;
        b->next = next->next;
    }
    if (prev && (uintptr_t)prev + prev->size == start) {
        prev->size += b->size;
        prev->next = b->next;
    } else if (prev) {
        prev->next = b;
    } else {
        h->free = b;
    }
    return true;
}
static uintptr_t place(uintptr_t b, size_t block_size, size_t need, size_t align)
{
    uintptr_t payload = align_up(b + sizeof(struct list_header), align);
    uintptr_t lead = payload - sizeof(struct list_header) - b;
    if (lead != 0 && lead < LIST_MIN_BLOCK)     /* too small to split off: move on */
        payload = align_up(b + LIST_MIN_BLOCK + sizeof(struct list_header), align);
    if (payload + need > b + block_size)
        return 0;
    return payload;
}

static void *carve(struct list_heap *h, struct free_block **link, uintptr_t payload,
                   size_t need, size_t size)
{
    struct free_block *b = *link;
    uintptr_t start = (uintptr_t)b, end = start + b->size;
    *link = b->next;
    uintptr_t used_start = payload - sizeof(struct list_header);
    if (used_start != start)                    /* the lead is a free block again */
        list_insert(h, start, used_start - start);
    uintptr_t used_end = align_up(payload + need, HEAP_MIN_ALIGN);
    if (end - used_end >= LIST_MIN_BLOCK)
        list_insert(h, used_end, end - used_end);
    else
        used_end = end;                         /* a too-small tail stays with us */
    struct list_header *hd = (struct list_header *)used_start;
    *hd = (struct list_header){used_start, used_end - used_start, size, LIST_USED};
    h->bytes_in_use += used_end - used_start;
    return (void *)payload;
}
void list_init(struct list_heap *h, struct arena *a)
{
    h->arena = a;
    h->free = NULL;
    h->bytes_in_use = 0;
    if (a->top > a->start)
        list_insert(h, a->start, a->top - a->start);
}

void *list_alloc(struct list_heap *h, size_t size, size_t align)
{
    if (align < HEAP_MIN_ALIGN)
        align = HEAP_MIN_ALIGN;
    if (size > h->arena->limit - h->arena->start)
        return NULL;
    size_t need = align_up(size ? size : 1, HEAP_MIN_ALIGN);
    bool can_grow = true;
    for (int attempt = 0; attempt < 2; attempt++) {
        for (struct free_block **link = &h->free; *link != NULL; link = &(*link)->next) {
            uintptr_t payload = place((uintptr_t)*link, (*link)->size, need, align);
            if (payload != 0)
                return carve(h, link, payload, need, size);
        }
        if (!can_grow)
            return NULL;
        size_t grow = need + align + LIST_MIN_BLOCK + sizeof(struct list_header);
        grow = align_up(grow > HEAP_GROW_STEP ? grow : HEAP_GROW_STEP, 4096);
        uintptr_t old_top = h->arena->top;
        can_grow = h->arena->grow(h->arena, grow);
        if (h->arena->top > old_top)            /* even a growth that failed halfway */
            list_insert(h, old_top, h->arena->top - old_top);
    }
    return NULL;
}
static struct list_header *list_header_of(struct list_heap *h, void *p)
{
    uintptr_t a = (uintptr_t)p;
    if (a % HEAP_MIN_ALIGN != 0 || a < h->arena->start + sizeof(struct list_header) ||
        a >= h->arena->top)
        return NULL;
    return (struct list_header *)p - 1;
}

enum heap_error list_check(struct list_heap *h, void *p)
{
    struct list_header *hd = list_header_of(h, p);
    if (hd == NULL)
        return HEAP_BAD_POINTER;
    if (hd->magic == LIST_FREED)
        return HEAP_DOUBLE_FREE;
    if (hd->magic != LIST_USED || hd->block > (uintptr_t)hd)
        return HEAP_BAD_POINTER;
    return HEAP_OK;
}

enum heap_error list_free(struct list_heap *h, void *p)
{
    enum heap_error e = list_check(h, p);
    if (e != HEAP_OK)
        return e;
    struct list_header *hd = (struct list_header *)p - 1;
    uintptr_t block = hd->block;
    size_t size = hd->block_size;
    hd->magic = LIST_FREED;
    if (!list_insert(h, block, size))
        return HEAP_DOUBLE_FREE;
    h->bytes_in_use -= size;
    return HEAP_OK;
}

size_t list_usable_size(void *p)
{
    return ((struct list_header *)p - 1)->size;
}
void list_free_space(const struct list_heap *h, size_t *total, size_t *largest)
{
    *total = *largest = 0;
    for (const struct free_block *b = h->free; b != NULL; b = b->next) {
        *total += b->size;
        if (b->size > *largest)
            *largest = b->size;
    }
}
