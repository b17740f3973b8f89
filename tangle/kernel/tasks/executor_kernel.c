/* Tangled from chapters/11-async-tasks.nw (with 14-processes.nw). Edit the chapter, not this file. */
#include "future.h"
#include "console.h"
#include "interrupts.h"
#include "irq.h"

uint64_t executor_lock(void)
{
    return interrupts_save_and_disable();
}

void executor_unlock(uint64_t saved)
{
    interrupts_restore(saved);
}

void executor_idle(bool (*work_waiting)(void))
{
    /* chapter 14 lets a process run here */
    if (executor_give_way != NULL && executor_give_way())
        return;
    wait_for_interrupt_unless(work_waiting);
}

void executor_complain(const char *what, const char *name)
{
    kprintf("executor: %s: %s\n", what, name);
}

bool (*executor_give_way)(void);
