/* Tangled from chapters/10-the-heap.nw. Edit the chapter, not this file. */
#include "heap_designs.h"

#define SLAB_SIZE 4096u
#define SLAB_HEADER 64u
#define CLASS_MIN 16u
#define CLASS_MAX 1024u
#define SLAB_MAGIC 0x534C4142u

struct slab_header {                /* the last SLAB_HEADER bytes of a slab */
    uint32_t magic, class_size;
    uint8_t in_use[32];             /* one bit per block: at most 252 blocks */
    uint8_t reserved[SLAB_HEADER - 40];
};

static int class_of(size_t size, size_t align)
{
    size_t want = size > align ? size : align;
    size_t c = CLASS_MIN;
    for (int i = 0; i < CLASS_COUNT; i++, c <<= 1)
        if (want <= c)
            return i;
    return -1;
}

static struct slab_header *slab_of(uintptr_t p)
{
    uintptr_t slab = p & ~(uintptr_t)(SLAB_SIZE - 1);
    return (struct slab_header *)(slab + SLAB_SIZE - SLAB_HEADER);
}
static bool new_slab(struct block_heap *h, int cls)
{
    uintptr_t slab = h->next_slab;
    if (slab + SLAB_SIZE > h->slabs->top &&
        !h->slabs->grow(h->slabs, slab + SLAB_SIZE - h->slabs->top))
        return false;
    h->next_slab = slab + SLAB_SIZE;
    uint32_t size = CLASS_MIN << cls;
    struct slab_header *s = slab_of(slab);
    *s = (struct slab_header){.magic = SLAB_MAGIC, .class_size = size};
    uint32_t count = (SLAB_SIZE - SLAB_HEADER) / size;
    for (uint32_t i = count; i > 0; i--) {
        struct free_small *b = (struct free_small *)(slab + (i - 1) * size);
        b->next = h->free[cls];
        h->free[cls] = b;
    }
    return true;
}
void blocks_init(struct block_heap *h, struct arena *slabs, struct list_heap *large)
{
    *h = (struct block_heap){.slabs = slabs, .large = large, .next_slab = slabs->start};
}

static bool in_slabs(const struct block_heap *h, uintptr_t p)
{
    return p >= h->slabs->start && p < h->next_slab;
}

void *blocks_alloc(struct block_heap *h, size_t size, size_t align)
{
    int cls = class_of(size ? size : 1, align);
    if (cls < 0)
        return list_alloc(h->large, size, align);
    if (h->free[cls] == NULL && !new_slab(h, cls))
        return NULL;
    struct free_small *b = h->free[cls];
    h->free[cls] = b->next;
    struct slab_header *s = slab_of((uintptr_t)b);
    uint32_t index = (uint32_t)(((uintptr_t)b & (SLAB_SIZE - 1)) / s->class_size);
    s->in_use[index / 8] |= (uint8_t)(1u << (index % 8));
    h->bytes_in_use += s->class_size;
    return b;
}
enum heap_error blocks_check(struct block_heap *h, void *p)
{
    uintptr_t a = (uintptr_t)p;
    if (!in_slabs(h, a))
        return list_check(h->large, p);
    struct slab_header *s = slab_of(a);
    uint32_t offset = (uint32_t)(a & (SLAB_SIZE - 1));
    if (s->magic != SLAB_MAGIC || offset % s->class_size != 0 ||
        offset >= SLAB_SIZE - SLAB_HEADER)
        return HEAP_BAD_POINTER;
    uint32_t index = offset / s->class_size;
    if (!(s->in_use[index / 8] & (1u << (index % 8))))
        return HEAP_DOUBLE_FREE;
    return HEAP_OK;
}

enum heap_error blocks_free(struct block_heap *h, void *p)
{
    uintptr_t a = (uintptr_t)p;
    if (!in_slabs(h, a))
        return list_free(h->large, p);
    enum heap_error e = blocks_check(h, p);
    if (e != HEAP_OK)
        return e;
    struct slab_header *s = slab_of(a);
    uint32_t index = (uint32_t)(a & (SLAB_SIZE - 1)) / s->class_size;
    s->in_use[index / 8] &= (uint8_t)~(1u << (index % 8));
    int cls = class_of(s->class_size, 1);
    ((struct free_small *)p)->next = h->free[cls];
    h->free[cls] = p;
    h->bytes_in_use -= s->class_size;
    return HEAP_OK;
}

size_t blocks_usable_size(struct block_heap *h, void *p)
{
    if (in_slabs(h, (uintptr_t)p))
        return slab_of((uintptr_t)p)->class_size;
    return list_usable_size(p);
}
