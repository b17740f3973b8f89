/* Tangled from chapters/11-async-tasks.nw. Edit the chapter, not this file. */
#include "future.h"
#include <stddef.h>

static struct task *ready_head, *ready_tail, *all_tasks;
static uint32_t next_id = 1;

void waker_wake(struct waker w)
{
    struct task *t = w.task;
    if (t == NULL)
        return;
    uint64_t saved = executor_lock();
    if (!t->queued && t->state != TASK_DONE) {
        t->queued = true;
        if (t->state != TASK_RUNNING)   /* woken in its own poll: running still */
            t->state = TASK_READY;
        t->next_ready = NULL;
        if (ready_tail != NULL)
            ready_tail->next_ready = t;
        else
            ready_head = t;
        ready_tail = t;
    }
    executor_unlock(saved);
}
static struct task *take_ready(void)
{
    uint64_t saved = executor_lock();
    struct task *t = ready_head;
    if (t != NULL) {
        ready_head = t->next_ready;
        if (ready_head == NULL)
            ready_tail = NULL;
        t->queued = false;
        if (t->state != TASK_DONE)
            t->state = TASK_RUNNING;
    }
    executor_unlock(saved);
    return t;
}

bool executor_has_ready(void)
{
    return ready_head != NULL;
}
static bool already_spawned(const struct task *t)
{
    if (t->spawned != TASK_SPAWNED)
        return false;
    for (const struct task *o = all_tasks; o != NULL; o = o->next_task)
        if (o == t)
            return true;
    return false;
}

bool executor_spawn(struct task *t, struct future *f, const char *name)
{
    uint64_t saved = executor_lock();
    if (already_spawned(t)) {
        executor_unlock(saved);
        executor_complain("refused to spawn a task that is already spawned", t->name);
        return false;
    }
    *t = (struct task){.future = f, .name = name, .id = next_id++, .state = TASK_WAITING,
                       .spawned = TASK_SPAWNED};
    t->next_task = all_tasks;
    all_tasks = t;
    executor_unlock(saved);
    waker_wake((struct waker){t});
    return true;
}

struct task *executor_tasks(void)
{
    return all_tasks;
}
bool executor_run_once(void)
{
    struct task *t = take_ready();
    if (t == NULL)
        return false;
    if (t->state == TASK_DONE)
        return true;
    t->polls++;
    if (t->future->poll(t->future, (struct waker){t}) == POLL_READY) {
        t->state = TASK_DONE;
        waker_wake(t->joiner);
    } else {
        uint64_t saved = executor_lock();
        t->state = t->queued ? TASK_READY : TASK_WAITING;
        executor_unlock(saved);
    }
    return true;
}

void executor_run_until_done(struct task *t)
{
    while (t->state != TASK_DONE)
        if (!executor_run_once())
            executor_idle(executor_has_ready);
}

_Noreturn void executor_run_forever(void)
{
    for (;;)
        if (!executor_run_once())
            executor_idle(executor_has_ready);
}
static enum poll_result join_poll(struct future *self, struct waker waker)
{
    struct join_future *j = (struct join_future *)self;
    if (j->target->state == TASK_DONE)
        return POLL_READY;
    j->target->joiner = waker;
    return j->target->state == TASK_DONE ? POLL_READY : POLL_PENDING;
}

void join_future_init(struct join_future *j, struct task *target)
{
    j->base.poll = join_poll;
    j->target = target;
}
