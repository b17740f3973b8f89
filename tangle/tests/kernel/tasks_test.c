/* Tangled from chapters/11-async-tasks-and-a-shell.nw. Edit the chapter, not this file. */
#include "ktest.h"
#include "future.h"
#include "sleep.h"
#include "keystream.h"
#include "keyboard.h"
#include "timer.h"

struct recorded_sleep {
    struct future base;
    struct sleep_future sleep;
    int tag, *order, *count;
};

static enum poll_result recorded_poll(struct future *self, struct waker waker)
{
    struct recorded_sleep *r = (struct recorded_sleep *)self;
    if (r->sleep.base.poll(&r->sleep.base, waker) == POLL_PENDING)
        return POLL_PENDING;
    r->order[(*r->count)++] = r->tag;
    return POLL_READY;
}

KTEST(sleepers_finish_in_deadline_order)
{
    static struct recorded_sleep s[3];
    static struct task t[3];
    static const int ms[3] = {300, 100, 200};
    int order[3], count = 0;
    for (int i = 0; i < 3; i++) {
        s[i] = (struct recorded_sleep){{recorded_poll}, {{0}}, ms[i], order, &count};
        sleep_future_init(&s[i].sleep, (uint64_t)ms[i]);
        executor_spawn(&t[i], &s[i].base, "sleeper");
    }
    uint64_t start = timer_ticks();
    for (int i = 0; i < 3; i++)
        executor_run_until_done(&t[i]);
    KEXPECT(count == 3 && order[0] == 100 && order[1] == 200 && order[2] == 300);
    KEXPECT(timer_ticks() - start >= 300 * TIMER_HZ / 1000);
}
KTEST(a_key_wakes_the_task_waiting_for_it)
{
    static struct key_future k;
    static struct task t;
    struct key_event drain;
    while (keyboard_read(&drain))
        ;
    key_future_init(&k);
    executor_spawn(&t, &k.base, "key");
    executor_run_once();
    KEXPECT(t.state == TASK_WAITING);
    keyboard_receive(0x1E);             /* 'a' pressed, through the interrupt path */
    KEXPECT(t.state == TASK_READY);
    executor_run_until_done(&t);
    KEXPECT(k.event.ch == 'a' && k.event.pressed);
}
