/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#include "check.h"
#include "../../kernel/lib/ring.c"

int main(void)
{
    struct ring r = {0};
    uint8_t b = 0;
    CHECK(!ring_pop(&r, &b), "an empty ring gives nothing");
    for (int i = 0; i < RING_CAPACITY; i++)
        ring_push(&r, (uint8_t)i);
    CHECK(ring_count(&r) == RING_CAPACITY && r.dropped == 0,
          "it holds exactly its capacity");
    CHECK(!ring_push(&r, 0xEE) && r.dropped == 1,
          "a push into a full ring drops and counts");
    int in_order = 1;
    for (int i = 0; i < RING_CAPACITY; i++)
        in_order &= ring_pop(&r, &b) && b == (uint8_t)i;
    CHECK(in_order, "bytes come out in order, and the dropped byte is not among them");
    CHECK(!ring_pop(&r, &b), "it is empty again");

    r.head = r.tail = 0xFFFFFFF0u;          /* just before the counters wrap */
    int ok = 1;
    for (int i = 0; i < 1000; i++) {
        ok &= ring_push(&r, (uint8_t)(i * 7));
        ok &= ring_pop(&r, &b) && b == (uint8_t)(i * 7);
    }
    CHECK(ok && ring_count(&r) == 0, "the counters wrap past 2^32 without losing a byte");
    for (int i = 0; i < 1000; i++)
        ring_push(&r, 1);
    CHECK(ring_count(&r) == RING_CAPACITY && r.dropped == 1 + 1000 - RING_CAPACITY,
          "a flood of 1000 keeps the first 128 and counts the rest");
    return check_done();
}
