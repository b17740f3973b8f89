/* Tangled from chapters/11-async-tasks.nw. Edit the chapter, not this file. */
#include "tasks.h"
#include "clock.h"
#include "console.h"
#include "echo.h"
#include "echo_task.h"
#include "heap.h"
#include "panic.h"

struct task *spawn(struct future *f, const char *name)
{
    struct task *t = kmalloc(sizeof *t);
    if (t == NULL)
        panic("spawn: no memory for task '%s'", name);
    executor_spawn(t, f, name);
    return t;
}

__attribute__((weak)) void start_keyboard_task(void)
{
    static struct echo_task echo;
    echo_task_init(&echo);
    kprintf("Type something; the echo task echoes it while the clock ticks.\n> ");
    spawn(&echo.base, "echo");
}

void kernel_work(void)
{
    static struct clock clock;
    clock_init(&clock);
    spawn(&clock.base, "clock");
    start_keyboard_task();
    executor_run_forever();
}
