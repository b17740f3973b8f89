/* Tangled from chapters/11-async-tasks.nw. Edit the chapter, not this file. */
#ifndef CLOCK_H
#define CLOCK_H
#include "sleep.h"

struct clock {
    struct future base;
    struct sleep_future sleep;
    uint64_t ticks_drawn;
};

void clock_init(struct clock *c);
#endif
