/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#include "ring.h"

bool ring_push(struct ring *r, uint8_t byte)
{
    unsigned head = atomic_load_explicit(&r->head, memory_order_relaxed);
    unsigned tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    if (head - tail == RING_CAPACITY) {
        atomic_fetch_add_explicit(&r->dropped, 1, memory_order_relaxed);
        return false;
    }
    r->bytes[head % RING_CAPACITY] = byte;
    atomic_store_explicit(&r->head, head + 1, memory_order_release);
    return true;
}

bool ring_pop(struct ring *r, uint8_t *byte)
{
    unsigned tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    unsigned head = atomic_load_explicit(&r->head, memory_order_acquire);
    if (head == tail)
        return false;
    *byte = r->bytes[tail % RING_CAPACITY];
    atomic_store_explicit(&r->tail, tail + 1, memory_order_release);
    return true;
}

unsigned ring_count(struct ring *r)
{
    return atomic_load(&r->head) - atomic_load(&r->tail);
}
