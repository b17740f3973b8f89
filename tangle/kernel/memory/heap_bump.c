/* Tangled from chapters/10-the-heap.nw. Edit the chapter, not this file. */
#include "heap_designs.h"

struct bump_header {
    size_t size;
    uint64_t magic;
};
#define BUMP_MAGIC 0xB0B0B0B0B0B0B0B0ull

void bump_init(struct bump *b, struct arena *a)
{
    b->arena = a;
    b->next = a->start;
    b->live = 0;
}

void *bump_alloc(struct bump *b, size_t size, size_t align)
{
    if (align < HEAP_MIN_ALIGN)
        align = HEAP_MIN_ALIGN;
    uintptr_t payload = align_up(b->next + sizeof(struct bump_header), align);
    if (payload > b->arena->limit || size > b->arena->limit - payload)
        return NULL;
    uintptr_t end = payload + (size ? size : 1);
    if (end > b->arena->top && !b->arena->grow(b->arena, end - b->arena->top))
        return NULL;
    struct bump_header *h = (struct bump_header *)payload - 1;
    *h = (struct bump_header){size, BUMP_MAGIC};
    b->next = end;
    b->live++;
    return (void *)payload;
}

enum heap_error bump_free(struct bump *b, void *p)
{
    struct bump_header *h = (struct bump_header *)p - 1;
    if ((uintptr_t)p < b->arena->start + sizeof *h || (uintptr_t)p >= b->next)
        return HEAP_BAD_POINTER;
    if (h->magic != BUMP_MAGIC)
        return h->magic == ~BUMP_MAGIC ? HEAP_DOUBLE_FREE : HEAP_BAD_POINTER;
    h->magic = ~BUMP_MAGIC;
    if (--b->live == 0)
        b->next = b->arena->start;
    return HEAP_OK;
}

size_t bump_usable_size(void *p)
{
    return ((struct bump_header *)p - 1)->size;
}
