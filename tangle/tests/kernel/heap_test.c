/* Tangled from chapters/10-the-heap.nw. Edit the chapter, not this file. */
#include "ktest.h"
#include "heap.h"
#include "memory.h"
#include <stdint.h>

KTEST(small_allocations_are_reused_far_beyond_the_heap)
{
    struct heap_stats before = heap_stats();
    for (int round = 0; round < 2000; round++) {
        void *p[64];
        for (int i = 0; i < 64; i++) {
            p[i] = kmalloc(16 + (size_t)(i % 8) * 16);
            KEXPECT(p[i] != NULL);
            *(volatile uint64_t *)p[i] = (uint64_t)i;
        }
        for (int i = 0; i < 64; i++)
            kfree(p[i]);
    }
    struct heap_stats after = heap_stats();
    KEXPECT(after.arena_bytes - before.arena_bytes <= 64 * 1024);
    KEXPECT(after.refused_frees == before.refused_frees);
}

KTEST(a_growing_array_keeps_its_contents)
{
    uint64_t *a = NULL;
    size_t n = 0;
    for (size_t i = 0; i < 100000; i++) {
        if ((i & (i - 1)) == 0) {
            uint64_t *b = krealloc(a, (i ? 2 * i : 1) * sizeof *a);
            KEXPECT(b != NULL);
            a = b;
        }
        a[n++] = i;
    }
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += a[i];
    KEXPECT(sum == (uint64_t)99999 * 100000 / 2);
    kfree(a);
}
KTEST(one_long_lived_allocation_does_not_pin_the_heap)
{
    char *keep = kmalloc(100);
    struct heap_stats before = heap_stats();
    for (int i = 0; i < 20000; i++)
        kfree(kmalloc(200 + (size_t)(i % 5) * 300));
    KEXPECT(heap_stats().arena_bytes - before.arena_bytes <= 64 * 1024);
    kfree(keep);
}

KTEST(kcalloc_zeroes_and_refuses_overflow)
{
    uint8_t *p = kcalloc(1000, 3);
    int zero = 1;
    for (int i = 0; i < 3000; i++)
        zero &= p[i] == 0;
    KEXPECT(p != NULL && zero);
    kfree(p);
    KEXPECT(kcalloc(SIZE_MAX / 2, 3) == NULL);
    KEXPECT(kmalloc_aligned(64, 4096) != NULL);
    KEXPECT(((uintptr_t)kmalloc_aligned(64, 4096) & 4095) == 0);
}

KTEST(out_of_memory_returns_null_and_is_counted)
{
    struct heap_stats before = heap_stats();
    KEXPECT(kmalloc((size_t)2 << 30) == NULL);
    KEXPECT(heap_stats().failures == before.failures + 1);
}

KTEST(bad_frees_are_refused_and_counted)
{
    struct heap_stats before = heap_stats();
    void *p = kmalloc(48);
    kfree(p);
    kfree(p);
    static uint64_t not_heap[4];
    kfree(&not_heap[2]);
    KEXPECT(heap_stats().refused_frees == before.refused_frees + 2);
}

KTEST(krealloc_refuses_freed_and_wild_pointers)
{
    struct heap_stats before = heap_stats();
    void *small = kmalloc(40), *large = kmalloc(5000);
    kfree(small);
    kfree(large);
    static uint64_t not_heap[4];
    KEXPECT(krealloc(small, 100) == NULL);
    KEXPECT(krealloc(large, 9000) == NULL);
    KEXPECT(krealloc(&not_heap[2], 10) == NULL);
    struct heap_stats after = heap_stats();
    KEXPECT(after.refused_frees == before.refused_frees + 3);
    KEXPECT(after.frees == before.frees + 2);
}
KTEST(krealloc_grows_in_place_when_it_can)
{
    char *p = kmalloc(100);
    p[99] = 42;
    char *q = krealloc(p, 3000);
    KEXPECT(q == p && q[99] == 42);
    kfree(q);
    KEXPECT(heap_stats().whole);
}

KTEST(freeing_a_large_block_gives_its_frames_back)
{
    uint64_t before = frame_stats(&frames).used;
    void *p = kmalloc((size_t)1 << 20);
    KEXPECT(p != NULL && frame_stats(&frames).used >= before + 256);
    kfree(p);
    KEXPECT(frame_stats(&frames).used <= before + 8);
    KEXPECT(heap_stats().whole);
}
KTEST_EXPECT_PANIC(executing_from_the_heap_faults)
{
    uint8_t *code = kmalloc(16);
    code[0] = 0xC3;
    ((void (*)(void))(uintptr_t)code)();
}
