/* Tangled from chapters/11-async-tasks.nw. Edit the chapter, not this file. */
#include "check.h"
#include "../../kernel/tasks/executor.c"

uint64_t executor_lock(void) { return 0; }
void executor_unlock(uint64_t saved) { (void)saved; }
void executor_idle(bool (*work_waiting)(void)) { (void)work_waiting; }

static int complaints;
void executor_complain(const char *what, const char *name)
{
    (void)what;
    (void)name;
    complaints++;
}

struct counter {
    struct future base;
    int polls, ready_after;
    int *order, *order_len, tag;
    struct waker waker;
};

static enum poll_result counter_poll(struct future *self, struct waker waker)
{
    struct counter *c = (struct counter *)self;
    c->polls++;
    c->waker = waker;
    if (c->polls < c->ready_after)
        return POLL_PENDING;
    if (c->order != NULL)
        c->order[(*c->order_len)++] = c->tag;
    return POLL_READY;
}

static void counter_init(struct counter *c, int ready_after, int *order, int *len,
                         int tag)
{
    *c = (struct counter){{counter_poll}, 0, ready_after, order, len, tag, {NULL}};
}

struct self_waker {
    struct future base;
    struct task *task;
    int polls, ready_after;
    enum task_state seen;
};

static enum poll_result self_waker_poll(struct future *self, struct waker waker)
{
    struct self_waker *s = (struct self_waker *)self;
    s->seen = s->task->state;
    waker_wake(waker);
    return ++s->polls >= s->ready_after ? POLL_READY : POLL_PENDING;
}

int main(void)
{
    int order[8], len = 0;
    struct counter a, b, c;
    struct task ta, tb, tc;
    counter_init(&a, 1, order, &len, 1);
    counter_init(&b, 1, order, &len, 2);
    counter_init(&c, 1, order, &len, 3);
    executor_spawn(&ta, &a.base, "a");
    executor_spawn(&tb, &b.base, "b");
    executor_spawn(&tc, &c.base, "c");
    while (executor_run_once())
        ;
    CHECK(len == 3 && order[0] == 1 && order[1] == 2 && order[2] == 3,
          "ready tasks run in the order they became ready");

    struct counter w;
    struct task tw;
    counter_init(&w, 3, NULL, NULL, 0);
    executor_spawn(&tw, &w.base, "waits");
    executor_run_once();
    CHECK(w.polls == 1 && tw.state == TASK_WAITING && !executor_has_ready(),
          "a pending task waits, off the queue");
    for (int i = 0; i < 5; i++)
        waker_wake(w.waker);
    int runs = 0;
    while (executor_run_once())
        runs++;
    CHECK(runs == 1 && w.polls == 2, "woken five times before it runs, it is polled once");
    waker_wake(w.waker);
    executor_run_once();
    CHECK(w.polls == 3 && tw.state == TASK_DONE, "it completes on its third poll");
    waker_wake(w.waker);
    CHECK(!executor_has_ready() && w.polls == 3, "waking a finished task is harmless");
    struct task tself;
    struct self_waker sw = {{self_waker_poll}, &tself, 0, 2, TASK_DONE};
    executor_spawn(&tself, &sw.base, "self");
    executor_run_once();
    CHECK(sw.seen == TASK_RUNNING, "a task is running while its future is polled");
    CHECK(tself.state == TASK_READY && executor_has_ready(),
          "a wake during the poll queues the task again");
    while (executor_run_once())
        ;
    CHECK(sw.polls == 2 && tself.state == TASK_DONE,
          "a task that woke itself in its last poll is not polled again");
    struct counter slow;
    struct task tslow, tjoin;
    struct join_future j;
    counter_init(&slow, 2, NULL, NULL, 0);
    executor_spawn(&tslow, &slow.base, "slow");
    join_future_init(&j, &tslow);
    executor_spawn(&tjoin, &j.base, "join");
    executor_run_once();
    executor_run_once();
    CHECK(tjoin.state == TASK_WAITING, "a join waits for its target");
    waker_wake(slow.waker);
    while (executor_run_once())
        ;
    CHECK(tslow.state == TASK_DONE && tjoin.state == TASK_DONE,
          "the target's completion wakes the join");

    static struct counter many[5000];
    static struct task many_tasks[5000];
    for (int i = 0; i < 5000; i++) {
        counter_init(&many[i], 1 + i % 3, NULL, NULL, 0);
        executor_spawn(&many_tasks[i], &many[i].base, "many");
    }
    for (int round = 0; round < 3; round++) {
        while (executor_run_once())
            ;
        for (int i = 0; i < 5000; i++)
            waker_wake(many[i].waker);
    }
    int done = 0;
    for (int i = 0; i < 5000; i++)
        done += many_tasks[i].state == TASK_DONE && many[i].polls == 1 + i % 3;
    CHECK(done == 5000, "5000 tasks each complete after exactly the polls they need");

    struct counter twice;
    struct task ttwice;
    counter_init(&twice, 2, NULL, NULL, 0);
    CHECK(executor_spawn(&ttwice, &twice.base, "twice"), "a task spawns");
    CHECK(!executor_spawn(&ttwice, &twice.base, "twice") && complaints == 1,
          "spawning it again is refused, with a complaint");
    int listed = 0;
    for (struct task *t = executor_tasks(); t != NULL && listed <= 6000; t = t->next_task)
        listed++;
    CHECK(listed == 5000 + 8, "the list of all tasks still ends, and holds each task once");
    return check_done();
}
