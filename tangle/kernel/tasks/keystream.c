/* Tangled from chapters/11-async-tasks.nw. Edit the chapter, not this file. */
#include "keystream.h"
#include "keyboard.h"
#include <stddef.h>

static struct waker key_waiter;

static enum poll_result key_poll(struct future *self, struct waker waker)
{
    struct key_future *k = (struct key_future *)self;
    uint64_t saved = executor_lock();
    key_waiter = waker;
    executor_unlock(saved);
    if (keyboard_read(&k->event))
        return POLL_READY;
    return POLL_PENDING;
}

void key_future_init(struct key_future *k)
{
    k->base.poll = key_poll;
}

void keystream_notify(uint8_t scancode)
{
    (void)scancode;                 /* any byte may complete a key */
    struct waker w = key_waiter;
    key_waiter.task = NULL;
    waker_wake(w);
}
