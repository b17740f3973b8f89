/* Tangled from chapters/11-async-tasks.nw (with 14-processes.nw). Edit the chapter, not this file. */
#ifndef FUTURE_H
#define FUTURE_H
#include <stdbool.h>
#include <stdint.h>

enum poll_result { POLL_PENDING, POLL_READY };

struct task;

struct waker {
    struct task *task;
};

struct future {
    enum poll_result (*poll)(struct future *self, struct waker waker);
};

enum task_state { TASK_READY, TASK_RUNNING, TASK_WAITING, TASK_DONE };

struct task {
    struct future *future;
    const char *name;
    uint32_t id;
    enum task_state state;
    bool queued;                    /* on the ready queue right now */
    uint64_t polls;
    struct task *next_ready;        /* links of the ready queue */
    struct task *next_task;         /* links of the list of all tasks */
    struct waker joiner;            /* woken when this task completes */
    uint32_t spawned;               /* TASK_SPAWNED once it is in the list */
};
#define TASK_SPAWNED 0x5350574Eu    /* "SPWN" */

bool executor_spawn(struct task *t, struct future *f, const char *name);
void waker_wake(struct waker w);
bool executor_run_once(void);
bool executor_has_ready(void);
void executor_run_until_done(struct task *t);
_Noreturn void executor_run_forever(void);
struct task *executor_tasks(void);

struct join_future {
    struct future base;
    struct task *target;
};
void join_future_init(struct join_future *j, struct task *target);

/* Provided by the kernel (interrupts) or by a host test (nothing to do). */
uint64_t executor_lock(void);
void executor_unlock(uint64_t saved);
void executor_idle(bool (*work_waiting)(void));
void executor_complain(const char *what, const char *name);
extern bool (*executor_give_way)(void);
#endif
