/* Tangled from chapters/11-async-tasks.nw. Edit the chapter, not this file. */
#include "../../kernel/tasks/executor.c"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

#define N 100000

struct step {
    struct future base;
    int polls, ready_after;
    struct waker waker;
};

static enum poll_result step_poll(struct future *self, struct waker waker)
{
    struct step *s = (struct step *)self;
    s->waker = waker;
    return ++s->polls >= s->ready_after ? POLL_READY : POLL_PENDING;
}

static struct step steps[N];
static struct task tasks[N];

__attribute__((noinline)) void run_direct(void)
{
    for (int i = 0; i < N; i++)
        steps[i].base.poll(&steps[i].base, (struct waker){NULL});
}

__attribute__((noinline)) void run_spawn(void)
{
    for (int i = 0; i < N; i++)
        executor_spawn(&tasks[i], &steps[i].base, "bench");
    while (executor_run_once())
        ;
}

__attribute__((noinline)) void run_wake(void)
{
    for (int i = 0; i < N; i++) {
        waker_wake(steps[0].waker);
        executor_run_once();
    }
}
int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "spawn";
    int ready_after = strcmp(what, "wake") == 0 ? 2 * N : 1;
    for (int i = 0; i < N; i++)
        steps[i] = (struct step){{step_poll}, 0, ready_after, {NULL}};
    if (strcmp(what, "direct") == 0) {
        run_direct();
    } else if (strcmp(what, "spawn") == 0) {
        run_spawn();
    } else {
        executor_spawn(&tasks[0], &steps[0].base, "waits");
        executor_run_once();
        run_wake();
    }
    printf("ops %d\n", N);
    return 0;
}
