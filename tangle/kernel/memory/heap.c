/* Tangled from chapters/10-the-heap.nw. Edit the chapter, not this file. */
#include "heap.h"
#include "heap_designs.h"
#include "console.h"
#include "lib.h"
#include "memory.h"
#include "paging.h"

static struct arena arena;
static struct tlsf_heap heap;
static struct heap_stats counts;

static bool grow_by_mapping(struct arena *a, size_t bytes)
{
    uintptr_t top = align_up(a->top + bytes, PAGE_SIZE);
    if (top > a->limit)
        return false;
    for (uintptr_t v = a->top; v < top; v += PAGE_SIZE) {
        uint64_t frame = kernel_frame_alloc();
        if (frame == 0 || page_map(paging_current_pml4(), v, frame,
                                   PTE_WRITABLE | PTE_NO_EXECUTE) != MAP_OK) {
            if (frame != 0)
                kernel_frame_free(frame);
            a->top = v;             /* keep what was mapped */
            return false;
        }
    }
    a->top = top;
    return true;
}
static bool shrink_by_unmapping(struct arena *a, uintptr_t top)
{
    for (uintptr_t v = top; v < a->top; v += PAGE_SIZE) {
        uint64_t frame;
        if (page_unmap(paging_current_pml4(), v, &frame) == MAP_OK)
            kernel_frame_free(frame);
    }
    a->top = top;
    return true;
}

void heap_init(void)
{
    arena = (struct arena){HEAP_START, HEAP_START, HEAP_START + HEAP_ARENA_LIMIT,
                           grow_by_mapping, shrink_by_unmapping};
    tlsf_init(&heap, &arena);
    kprintf("heap: two-level segregated fit at 0x%llx\n", (unsigned long long)HEAP_START);
}
void *kmalloc_aligned(size_t size, size_t align)
{
    if (align == 0 || (align & (align - 1)) != 0)
        return NULL;
    void *p = tlsf_alloc(&heap, size, align);
    if (p == NULL)
        counts.failures++;
    else
        counts.allocations++;
    return p;
}

void *kmalloc(size_t size)
{
    return kmalloc_aligned(size, HEAP_MIN_ALIGN);
}

void *kcalloc(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    void *p = kmalloc(count * size);
    if (p != NULL)
        memset(p, 0, count * size);
    return p;
}
static void refuse(const char *what, void *p, enum heap_error e)
{
    counts.refused_frees++;
    kprintf("heap: refused %s(%p): %s\n", what, p,
            e == HEAP_DOUBLE_FREE ? "already freed" : "not a pointer the heap gave");
}

void kfree(void *p)
{
    if (p == NULL)
        return;
    enum heap_error e = tlsf_free(&heap, p);
    if (e == HEAP_OK)
        counts.frees++;
    else
        refuse("kfree", p, e);
}

void *krealloc(void *p, size_t size)
{
    if (size == 0) {
        kfree(p);
        return NULL;
    }
    enum heap_error e = p == NULL ? HEAP_OK : tlsf_check(&heap, p);
    if (e != HEAP_OK) {
        refuse("krealloc", p, e);
        return NULL;
    }
    void *q = tlsf_realloc(&heap, p, size);
    if (q == NULL)
        counts.failures++;
    return q;
}
struct heap_stats heap_stats(void)
{
    struct heap_stats s = counts;
    s.arena_bytes = arena.top - arena.start;
    s.bytes_in_use = heap.bytes_in_use;
    s.whole = tlsf_free_space(&heap, &s.free_bytes, &s.largest_free);
    return s;
}

void mem_report(void)
{
    struct frame_stats f = frame_stats(&frames);
    struct heap_stats h = heap_stats();
    unsigned fragmentation = 0;
    if (h.free_bytes != 0)
        fragmentation = (unsigned)(100 - h.largest_free * 100 / h.free_bytes);
    kprintf("frames: %llu total, %llu used, %llu free (4 KiB each)\n",
            (unsigned long long)f.total, (unsigned long long)f.used,
            (unsigned long long)f.free);
    if (!h.whole)
        kprintf("heap:   BROKEN: a boundary tag does not match its neighbour\n");
    kprintf("heap:   %zu KiB mapped, %zu bytes in use, %zu free\n"
            "        largest free block %zu, fragmentation %u%%\n",
            h.arena_bytes / 1024, h.bytes_in_use, h.free_bytes, h.largest_free,
            fragmentation);
    kprintf("        %llu allocations, %llu frees, %llu failed, %llu refused frees\n",
            (unsigned long long)h.allocations, (unsigned long long)h.frees,
            (unsigned long long)h.failures, (unsigned long long)h.refused_frees);
}
