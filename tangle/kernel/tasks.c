/* Tangled from chapters/11-async-tasks-and-a-shell.nw. Edit the chapter, not this file. */
#include "tasks.h"
#include "clock.h"
#include "console.h"
#include "heap.h"
#include "panic.h"
#include "shell.h"

struct task *spawn(struct future *f, const char *name)
{
    struct task *t = kmalloc(sizeof *t);
    if (t == NULL)
        panic("spawn: no memory for task '%s'", name);
    executor_spawn(t, f, name);
    return t;
}

_Noreturn void tasks_start(void)
{
    static struct clock clock;
    static struct shell shell;
    clock_init(&clock);
    shell_init(&shell);
    spawn(&clock.base, "clock");
    kprintf("The kernel's shell. Type help for the commands.\n");
    spawn(&shell.base, "shell");
    executor_run_forever();
}
