/* Tangled from chapters/11-async-tasks.nw. Edit the chapter, not this file. */
#include "echo_task.h"
#include "echo.h"

static enum poll_result echo_task_poll(struct future *self, struct waker waker)
{
    struct echo_task *e = (struct echo_task *)self;
    while (e->key.base.poll(&e->key.base, waker) == POLL_READY)
        if (e->key.event.pressed && e->key.event.ch != 0)
            echo_key(e->key.event.ch, &e->length);
    echo_report_drops(&e->dropped_seen, &e->length);
    return POLL_PENDING;
}

void echo_task_init(struct echo_task *e)
{
    *e = (struct echo_task){.base = {echo_task_poll}};
    key_future_init(&e->key);
}
