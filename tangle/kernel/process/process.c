/* Tangled from chapters/14-processes.nw (with 18-descriptors-and-pipes.nw). Edit the chapter, not this file. */
#include "process.h"
#include "address_space.h"
#include "console.h"
#include "heap.h"
#include "keyboard.h"
#include "lib.h"
#include "memory.h"
#include "paging.h"
#include "scheduler.h"
#include "syscalls.h"
#include "timer.h"
#include "user_memory.h"

struct process processes[PROCESS_MAX];

static void wake_sleepers(uint64_t now);

void process_init(void)
{
    address_space_init();
    processes[0] = (struct process){.pid = 0, .state = PROCESS_RUNNING,
                                    .name = "kernel", .pml4 = kernel_pml4};
    running = &processes[0].run;
    scheduler_init(&processes[0]);
    timer_listen(wake_sleepers);
    keyboard_listen(process_wake_readers);
    kprintf("processes: %d slots, a time slice of %d ticks\n", PROCESS_MAX,
            TIME_SLICE_TICKS);
}

struct process *process_find(uint64_t pid)
{
    for (int i = 0; i < PROCESS_MAX; i++)
        if (processes[i].state != PROCESS_FREE && processes[i].pid == pid)
            return &processes[i];
    return NULL;
}
#define KERNEL_STACKS (HEAP_START + (4ull << 30))     /* past the heap's arena */
_Static_assert(HEAP_ARENA_LIMIT <= (4ull << 30), "the heap may not reach the stacks");

static void kernel_stack_unmap(uint64_t bottom)
{
    for (uint64_t v = bottom; v < bottom + KERNEL_STACK_SIZE; v += PAGE_SIZE) {
        uint64_t frame;
        if (page_unmap(kernel_pml4, v, &frame) == MAP_OK)
            kernel_frame_free(frame);
    }
}

static uint8_t *kernel_stack_map(const struct process *p)
{
    uint64_t slot = (uint64_t)(p - processes);
    uint64_t bottom = KERNEL_STACKS + slot * 2 * KERNEL_STACK_SIZE + KERNEL_STACK_SIZE;
    for (uint64_t v = bottom; v < bottom + KERNEL_STACK_SIZE; v += PAGE_SIZE) {
        uint64_t frame = kernel_frame_alloc();
        if (frame == 0 || page_map(kernel_pml4, v, frame,
                                   PTE_WRITABLE | PTE_NO_EXECUTE) != MAP_OK) {
            if (frame != 0)
                kernel_frame_free(frame);
            kernel_stack_unmap(bottom);
            return NULL;
        }
    }
    return (uint8_t *)(uintptr_t)bottom;
}

void process_release(struct process *p)
{
    kernel_stack_unmap((uint64_t)(uintptr_t)p->kernel_stack);
    p->state = PROCESS_FREE;
}

static void process_begin(void);

__attribute__((weak)) bool process_may_spawn(const struct process *spawner)
{
    (void)spawner;
    return true;                /* a later chapter keeps slots for the shell */
}

int64_t process_spawn(const struct user_program *program, const char *arguments,
                      uint64_t parent)
{
    if (strlen(arguments) >= USER_ARGUMENTS_MAX)
        return -E_INVAL;
    if (!process_may_spawn(current))
        return -E_LIMIT;
    struct process *p = NULL;
    for (int i = 1; i < PROCESS_MAX && p == NULL; i++)
        if (processes[i].state == PROCESS_FREE)
            p = &processes[i];
    if (p == NULL)
        return -E_LIMIT;
    *p = (struct process){.state = PROCESS_BLOCKED, .waiting_for = WAITING_START};
    uint8_t *stack = kernel_stack_map(p);
    uint64_t *pml4 = stack != NULL ? address_space_create() : NULL;
    if (pml4 == NULL) {
        if (stack != NULL)
            kernel_stack_unmap((uint64_t)(uintptr_t)stack);
        p->state = PROCESS_FREE;
        return -E_NOMEM;
    }
    *p = (struct process){.pid = user_new_id(), .parent = parent,
                          .state = PROCESS_BLOCKED, .waiting_for = WAITING_START,
                          .pml4 = pml4, .kernel_stack = stack};
    p->run.program = program;
    memcpy(p->arguments, arguments, strlen(arguments) + 1);
    size_t n = strlen(program->name);
    n = n < PROCESS_NAME_MAX - 1 ? n : PROCESS_NAME_MAX - 1;
    memcpy(p->name, program->name, n);
    p->saved_rsp = thread_first_stack(stack, KERNEL_STACK_SIZE, process_begin);
    fpu_state_init(&p->fpu);
    if (process_starting != NULL)
        process_starting(p, current);
    uint64_t saved = interrupts_save_and_disable();
    p->waiting_for = NULL;
    scheduler_make_ready(p);
    interrupts_restore(saved);
    return p->pid;
}

_Noreturn static void process_end(void);

static void process_begin(void)
{
    scheduler_after_switch();
    interrupts_enable();
    struct process *p = current;
    p->run.id = p->pid;
    uint64_t arguments = USER_END - USER_ARGUMENTS_MAX;
    if (!p->killed && user_load(p->run.program) &&
        copy_to_user(arguments, p->arguments, USER_ARGUMENTS_MAX))
        user_go(arguments, arguments - 8);
    p->run.kernel_rsp = 0;                  /* no longer in its program */
    if (p->killed)
        p->run.outcome = (struct user_outcome){USER_KILLED, 0};
    user_unload();
    process_end();
}

_Noreturn static void process_end(void)
{
    struct process *p = current;
    interrupts_disable();
    address_space_switch(kernel_pml4);
    address_space_destroy(p->pml4);
    p->pml4 = kernel_pml4;
    if (process_ending != NULL)
        process_ending(p);
    for (int i = 1; i < PROCESS_MAX; i++) {
        struct process *child = &processes[i];
        if (child->state == PROCESS_FREE || child->parent != p->pid || child == p)
            continue;
        child->parent = NO_PARENT;
        if (child->state == PROCESS_ZOMBIE)
            process_release(child);
    }
    struct process *parent = process_find(p->parent);
    if (parent != NULL && parent->state != PROCESS_ZOMBIE) {
        p->state = PROCESS_ZOMBIE;
        if (parent->state == PROCESS_BLOCKED && parent->waiting_for == WAITING_CHILD)
            scheduler_make_ready(parent);
        waker_wake(p->exit_waker);
        scheduler_leave(NULL);              /* its parent collects it */
    }
    scheduler_leave(process_release);       /* nobody will: freed off its stack */
}

struct user_outcome process_reap(uint64_t pid)
{
    struct process *z = process_find(pid);
    struct user_outcome outcome = z->run.outcome;
    process_release(z);
    return outcome;
}

int64_t process_wait(uint64_t pid, struct user_outcome *outcome)
{
    struct process *child = process_find(pid);
    if (child == NULL || child == current || child->parent != current->pid)
        return -E_SRCH;
    uint64_t saved = interrupts_save_and_disable();
    while (child->state != PROCESS_ZOMBIE)
        scheduler_block(WAITING_CHILD);
    interrupts_restore(saved);
    *outcome = process_reap(pid);
    return pid;
}

enum poll_result process_poll_end(uint64_t pid, struct waker waker)
{
    struct process *p = process_find(pid);
    if (p == NULL || p->state == PROCESS_ZOMBIE)
        return POLL_READY;
    uint64_t saved = interrupts_save_and_disable();
    p->exit_waker = waker;
    enum poll_result r = p->state == PROCESS_ZOMBIE ? POLL_READY : POLL_PENDING;
    interrupts_restore(saved);
    return r;
}

int64_t process_kill(uint64_t pid)
{
    struct process *p = process_find(pid);
    if (p == NULL || p->state == PROCESS_ZOMBIE)
        return -E_SRCH;
    if (pid == 0)
        return -E_PERM;
    if (p == current)
        user_end(USER_KILLED, 0);
    uint64_t saved = interrupts_save_and_disable();
    process_kill_later(pid);
    interrupts_restore(saved);
    return 0;
}

bool process_kill_later(uint64_t pid)         /* with interrupts off */
{
    struct process *p = process_find(pid);
    if (p == NULL || pid == 0 || p->state == PROCESS_ZOMBIE)
        return false;
    p->killed = true;
    if (p->state == PROCESS_BLOCKED)
        scheduler_make_ready(p);
    return true;
}

int64_t process_sleep(uint64_t milliseconds)
{
    if (milliseconds > SLEEP_MAX_MS)
        return -E_INVAL;
    uint64_t ticks = (milliseconds * TIMER_HZ + 999) / 1000;
    uint64_t saved = interrupts_save_and_disable();
    uint64_t wake_at = timer_ticks() + ticks + 1;
    while (timer_ticks() < wake_at) {
        current->wake_at = wake_at;
        scheduler_block(WAITING_SLEEP);
    }
    current->wake_at = 0;
    interrupts_restore(saved);
    return 0;
}

static void wake_sleepers(uint64_t now)         /* in the timer's interrupt */
{
    for (int i = 0; i < PROCESS_MAX; i++) {
        struct process *p = &processes[i];
        if (p->state == PROCESS_BLOCKED && p->wake_at != 0 && p->wake_at <= now) {
            p->wake_at = 0;
            scheduler_make_ready(p);
        }
    }
}

uint64_t keyboard_owner;

void process_give_keyboard(uint64_t pid)
{
    keyboard_owner = pid;
}

void process_wake_readers(uint8_t byte)
{
    (void)byte;
    for (int i = 0; i < PROCESS_MAX; i++)
        if (processes[i].state == PROCESS_BLOCKED &&
            processes[i].waiting_for == WAITING_READ)
            scheduler_make_ready(&processes[i]);
}

void (*process_starting)(struct process *child, const struct process *parent);
void (*process_ending)(struct process *p);

const char WAITING_SLEEP[] = "sleep", WAITING_READ[] = "read", WAITING_CHILD[] = "wait",
           WAITING_START[] = "start";

void process_wait_on(const void *what, const char *reason)
{
    current->waiting_on = what;
    scheduler_block(reason);
    current->waiting_on = NULL;
}

void process_wake_waiters(const void *what)
{
    for (int i = 0; i < PROCESS_MAX; i++)
        if (processes[i].state == PROCESS_BLOCKED && processes[i].waiting_on == what)
            scheduler_make_ready(&processes[i]);
}
