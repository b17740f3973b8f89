/* Tangled from chapters/11-async-tasks.nw. Edit the chapter, not this file. */
#include "sleep.h"
#include "timer.h"
#include <stddef.h>

static struct sleep_future *sleepers;

static void insert_by_deadline(struct sleep_future *s)
{
    struct sleep_future **link = &sleepers;
    while (*link != NULL && (*link)->deadline <= s->deadline)
        link = &(*link)->next;
    s->next = *link;
    *link = s;
    s->queued = true;
}

static enum poll_result sleep_poll(struct future *self, struct waker waker)
{
    struct sleep_future *s = (struct sleep_future *)self;
    uint64_t saved = executor_lock();
    enum poll_result r = POLL_READY;
    if (timer_ticks() < s->deadline) {
        s->waker = waker;
        if (!s->queued)
            insert_by_deadline(s);
        r = POLL_PENDING;
    }
    executor_unlock(saved);
    return r;
}

void sleep_future_init(struct sleep_future *s, uint64_t milliseconds)
{
    uint64_t ticks = (milliseconds * TIMER_HZ + 999) / 1000;
    *s = (struct sleep_future){.base = {sleep_poll},
                               .deadline = timer_ticks() + (ticks ? ticks : 1)};
}

void sleep_tick(uint64_t now)
{
    while (sleepers != NULL && sleepers->deadline <= now) {
        struct sleep_future *s = sleepers;
        sleepers = s->next;
        s->queued = false;
        waker_wake(s->waker);
    }
}
