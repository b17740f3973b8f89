/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#ifndef RING_H
#define RING_H
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define RING_CAPACITY 128       /* a power of two */

struct ring {
    uint8_t bytes[RING_CAPACITY];
    atomic_uint head;           /* written only by the producer */
    atomic_uint tail;           /* written only by the consumer */
    atomic_uint dropped;
};

bool ring_push(struct ring *r, uint8_t byte);
bool ring_pop(struct ring *r, uint8_t *byte);
unsigned ring_count(struct ring *r);
#endif
