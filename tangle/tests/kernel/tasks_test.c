/* Tangled from chapters/11-async-tasks.nw. Edit the chapter, not this file. */
#include "ktest.h"
#include "future.h"
#include "interrupts.h"
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
    uint64_t start = timer_ticks();
    for (int i = 0; i < 3; i++) {
        s[i] = (struct recorded_sleep){.base = {recorded_poll}, .tag = ms[i],
                                        .order = order, .count = &count};
        sleep_future_init(&s[i].sleep, (uint64_t)ms[i]);
        executor_spawn(&t[i], &s[i].base, "sleeper");
    }
    for (int i = 0; i < 3; i++)
        executor_run_until_done(&t[i]);
    KEXPECT(count == 3 && order[0] == 100 && order[1] == 200 && order[2] == 300);
    KEXPECT(timer_ticks() - start >= 300 * TIMER_HZ / 1000);
}
KTEST(a_sleep_lasts_at_least_what_was_asked)
{
    static struct sleep_future nap;
    static struct task t;
    uint64_t start = timer_ticks();
    while (timer_ticks() == start)      /* just after a tick, the next one */
        __asm__ volatile("hlt");        /* cannot come before the sleep starts */
    start = timer_ticks();
    sleep_future_init(&nap, 1000 / TIMER_HZ);
    executor_spawn(&t, &nap.base, "nap");
    executor_run_until_done(&t);
    KEXPECT(timer_ticks() - start >= 2);
}
KTEST(sleepers_due_together_wake_together_in_the_order_they_slept)
{
    static struct recorded_sleep s[3];
    static struct task t[3];
    int order[3], count = 0;
    uint64_t saved = interrupts_save_and_disable();      /* one deadline for all */
    for (int i = 0; i < 3; i++) {
        s[i] = (struct recorded_sleep){.base = {recorded_poll}, .tag = i,
                                        .order = order, .count = &count};
        sleep_future_init(&s[i].sleep, 30);
        executor_spawn(&t[i], &s[i].base, "together");
        executor_run_once();                             /* queued */
    }
    interrupts_enable();
    while (timer_ticks() < s[0].sleep.deadline)
        __asm__ volatile("hlt");
    interrupts_disable();
    KEXPECT(t[0].queued && t[1].queued && t[2].queued);
    interrupts_restore(saved);
    for (int i = 0; i < 3; i++)
        executor_run_until_done(&t[i]);
    KEXPECT(count == 3 && order[0] == 0 && order[1] == 1 && order[2] == 2);
}

KTEST(a_sleep_polled_again_stays_queued_once)
{
    static struct sleep_future nap;
    static struct task t;
    uint64_t saved = interrupts_save_and_disable();
    sleep_future_init(&nap, 30);
    executor_spawn(&t, &nap.base, "twice");
    executor_run_once();                                 /* queued */
    waker_wake((struct waker){&t});
    executor_run_once();                                 /* polled again, still early */
    interrupts_restore(saved);
    executor_run_until_done(&t);
    KEXPECT(t.state == TASK_DONE);
}
KTEST(a_queued_sleep_is_not_restarted)
{
    static struct sleep_future first, second;
    static struct task t1, t2;
    sleep_future_init(&first, 50);
    sleep_future_init(&second, 100);
    executor_spawn(&t1, &first.base, "first");
    executor_spawn(&t2, &second.base, "second");
    executor_run_once();
    executor_run_once();
    KEXPECT(!sleep_future_init(&first, 10));
    executor_run_until_done(&t2);
    executor_run_until_done(&t1);
    KEXPECT(t1.state == TASK_DONE && t2.state == TASK_DONE);
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
struct flooder {
    struct future base;
    struct sleep_future pause;
    int rounds;
    bool sleeping;
};

static enum poll_result flooder_poll(struct future *self, struct waker waker)
{
    struct flooder *f = (struct flooder *)self;
    for (;;) {
        if (f->sleeping && f->pause.base.poll(&f->pause.base, waker) == POLL_PENDING)
            return POLL_PENDING;
        f->sleeping = false;
        if (f->rounds == 4)
            return POLL_READY;
        for (int i = 0; i < 250; i++)
            keyboard_receive(0x1E);     /* 'a' pressed */
        f->rounds++;
        sleep_future_init(&f->pause, 10);
        f->sleeping = true;
    }
}
struct key_counter {
    struct future base;
    struct key_future key;
    int keys;
    bool flood_over;
};

static enum poll_result key_counter_poll(struct future *self, struct waker waker)
{
    struct key_counter *c = (struct key_counter *)self;
    while (c->key.base.poll(&c->key.base, waker) == POLL_READY)
        c->keys += c->key.event.ch == 'a' && c->key.event.pressed;
    return c->flood_over ? POLL_READY : POLL_PENDING;
}

KTEST(a_key_flood_while_tasks_run_loses_only_counted_keys)
{
    static struct flooder f;
    static struct key_counter c;
    static struct task tf, tc;
    struct key_event drain;
    while (keyboard_read(&drain))
        ;
    uint32_t before = keyboard_dropped();
    f = (struct flooder){.base = {flooder_poll}};
    c = (struct key_counter){.base = {key_counter_poll}};
    key_future_init(&c.key);
    executor_spawn(&tc, &c.base, "reader");
    executor_spawn(&tf, &f.base, "flooder");
    executor_run_until_done(&tf);
    c.flood_over = true;
    waker_wake((struct waker){&tc});
    executor_run_until_done(&tc);
    KEXPECT(c.keys == 4 * 128);
    KEXPECT(keyboard_dropped() - before == 4 * 122);
}
