/* Tangled from chapters/11-async-tasks.nw. Edit the chapter, not this file. */
#ifndef SLEEP_H
#define SLEEP_H
#include "future.h"

struct sleep_future {
    struct future base;
    uint64_t deadline;              /* in timer ticks */
    struct waker waker;
    bool queued;
    struct sleep_future *next;
};

bool sleep_future_init(struct sleep_future *s, uint64_t milliseconds);
void sleep_tick(uint64_t now);
#endif
