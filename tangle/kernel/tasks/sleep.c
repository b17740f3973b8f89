/* Tangled from chapters/11-async-tasks.nw. Edit the chapter, not this file. */
#include "sleep.h"
#include "console.h"
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

static bool in_queue(const struct sleep_future *s)
{
    for (const struct sleep_future *q = sleepers; q != NULL; q = q->next)
        if (q == s)
            return true;
    return false;
}

bool sleep_future_init(struct sleep_future *s, uint64_t milliseconds)
{
    uint64_t ticks = (milliseconds * TIMER_HZ + 999) / 1000;
    uint64_t saved = executor_lock();
    bool queued = in_queue(s);
    if (!queued)
        *s = (struct sleep_future){.base = {sleep_poll},
                                   .deadline = timer_ticks() + ticks + 1};
    executor_unlock(saved);
    if (queued)
        kprintf("sleep: refused to restart a sleep that is still queued\n");
    return !queued;
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
