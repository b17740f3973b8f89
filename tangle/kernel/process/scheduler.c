/* Tangled from chapters/14-processes.nw. Edit the chapter, not this file. */
#include "scheduler.h"
#include <stddef.h>
#include "address_space.h"
#include "interrupts.h"
#include "irq.h"
#include "syscall.h"
#include "tasks.h"
#include "timer.h"

uint64_t thread_first_stack(uint8_t *stack, uint64_t size, void (*entry)(void))
{
    uint64_t *top = (uint64_t *)(uintptr_t)(((uintptr_t)stack + size) & ~15ull);
    *--top = 0;                             /* never used: alignment */
    *--top = (uint64_t)(uintptr_t)entry;    /* where the first ret goes */
    *--top = 2;                             /* RFLAGS: interrupts off */
    for (int i = 0; i < 6; i++)
        *--top = 0;                         /* RBX, RBP, R12-R15 */
    return (uint64_t)(uintptr_t)top;
}

struct process *current;
static struct process *ready_first, *ready_last;
static struct process idle;
static bool switch_due;             /* the running thread should make way */
static uint32_t slice_left = TIME_SLICE_TICKS;

void scheduler_make_ready(struct process *p)     /* with interrupts off */
{
    p->state = PROCESS_READY;
    p->next_ready = NULL;
    if (ready_last != NULL)
        ready_last->next_ready = p;
    else
        ready_first = p;
    ready_last = p;
    if (current == &idle)
        switch_due = true;
}

bool scheduler_has_ready(void)
{
    return ready_first != NULL;
}

static struct process *next_to_run(void)
{
    struct process *p = ready_first;
    if (p == NULL)
        return &idle;
    ready_first = p->next_ready;
    if (ready_first == NULL)
        ready_last = NULL;
    return p;
}

static void switch_to(struct process *next)      /* with interrupts off */
{
    struct process *previous = current;
    next->state = PROCESS_RUNNING;
    switch_due = false;
    slice_left = TIME_SLICE_TICKS;
    if (next == previous)
        return;
    current = next;
    running = &next->run;
    address_space_switch(next->pml4);
    if (next->run.kernel_rsp != 0)
        syscall_use_stack(next->run.kernel_rsp);
    fpu_save(&previous->fpu);
    fpu_load(&next->fpu);
    context_switch(&previous->saved_rsp, next->saved_rsp);
    scheduler_after_switch();
}

static struct process *dead;                    /* ended, its stack still used */
static void (*release_dead)(struct process *p);

void scheduler_after_switch(void)
{
    if (dead != NULL && dead != current) {
        release_dead(dead);
        dead = NULL;
    }
    if (current->killed && current->kill_held == 0 && current->run.kernel_rsp != 0)
        user_end(USER_KILLED, 0);
}

void scheduler_yield(void)
{
    uint64_t saved = interrupts_save_and_disable();
    if (ready_first != NULL) {
        if (current != &idle)
            scheduler_make_ready(current);
        switch_to(next_to_run());
    } else {
        switch_due = false;                 /* nobody to make way for: a new slice */
        slice_left = TIME_SLICE_TICKS;
    }
    interrupts_restore(saved);
}

void scheduler_block(const char *reason)          /* with interrupts off */
{
    current->state = PROCESS_BLOCKED;
    current->waiting_for = reason;
    switch_to(next_to_run());
    current->waiting_for = NULL;
}

_Noreturn void scheduler_leave(void (*release)(struct process *p))
{                                                 /* with interrupts off */
    if (release != NULL) {
        dead = current;
        release_dead = release;
    }
    switch_to(next_to_run());
    for (;;)
        ;                                         /* never switched back to */
}

static void scheduler_tick(uint64_t now)
{
    (void)now;
    if (current != &idle && slice_left > 0 && --slice_left == 0)
        switch_due = true;
}

static void scheduler_interrupt_over(struct interrupt_frame *frame)
{
    if (current->killed && (frame->cs & 3) == 3)
        user_end(USER_KILLED, 0);           /* killed from an interrupt: Ctrl-C */
    if (!switch_due || ((frame->cs & 3) != 3 && current != &idle))
        return;
    if (frame->rflags & RFLAGS_IF)          /* interrupts went off at this entry */
        interrupts_off_since = interrupts_time_stamp();
    scheduler_yield();
}

static void give_way_in_a_call(void)     /* between two pieces of a system call */
{
    if (switch_due)
        scheduler_yield();
    if (current->killed && current->kill_held == 0)
        user_end(USER_KILLED, 0);
}

static uint8_t idle_stack[8192] __attribute__((aligned(16)));

static void idle_loop(void)
{
    scheduler_after_switch();
    interrupts_enable();
    for (;;) {
        wait_for_interrupt_unless(scheduler_has_ready);
        scheduler_yield();
    }
}

static bool anything_ready(void)
{
    return executor_has_ready() || scheduler_has_ready();
}

static bool give_way(void)
{
    wait_for_interrupt_unless(anything_ready);
    if (scheduler_has_ready())
        scheduler_yield();
    return true;
}

void scheduler_init(struct process *first)
{
    current = first;
    idle = (struct process){.state = PROCESS_READY, .name = "idle", .pml4 = kernel_pml4};
    idle.saved_rsp = thread_first_stack(idle_stack, sizeof idle_stack, idle_loop);
    timer_listen(scheduler_tick);
    irq_acknowledged = scheduler_interrupt_over;
    executor_give_way = give_way;
    syscall_give_way = give_way_in_a_call;
}
