/* Tangled from chapters/14-processes.nw. Edit the chapter, not this file. */
#include "process.h"
#include "keyboard.h"
#include "scheduler.h"
#include "syscall.h"
#include "user_memory.h"

_Static_assert(ENDED_EXIT == USER_EXITED && ENDED_FAULT == USER_FAULTED &&
               ENDED_NOT_STARTED == USER_NOT_STARTED && ENDED_KILLED == USER_KILLED,
               "the ABI's endings are the kernel's");

static int64_t sys_yield(struct syscall_frame *frame)
{
    (void)frame;
    scheduler_yield();
    return 0;
}

static int64_t sys_sleep(struct syscall_frame *frame)
{
    return process_sleep(frame->rdi);
}


__attribute__((weak)) bool process_may_kill(const struct process *killer,
                                            const struct process *p)
{
    return p == killer || p->parent == killer->pid;
}

static int64_t sys_kill(struct syscall_frame *frame)
{
    struct process *p = process_find(frame->rdi);
    if (p != NULL && !process_may_kill(current, p))
        return -E_PERM;
    return process_kill(frame->rdi);
}

int64_t keyboard_read_to_user(uint64_t buffer, uint64_t length)
{
    char typed[64];
    if (!user_range_ok(buffer, length, true))
        return -E_FAULT;
    if (current->pid != keyboard_owner)
        return -E_BACKGROUND;
    if (length > sizeof typed)
        length = sizeof typed;
    uint64_t n = 0, saved = interrupts_save_and_disable();
    while (n == 0 && length > 0) {
        struct key_event key;
        while (n < length && program_keys(&key))
            if (key.pressed && key.ch != 0)
                typed[n++] = key.ch;
        if (n == 0)
            scheduler_block(WAITING_READ);
        if (n == 0 && current->pid != keyboard_owner) {
            interrupts_restore(saved);
            return -E_BACKGROUND;           /* the keyboard went to another */
        }
    }
    interrupts_restore(saved);
    copy_to_user(buffer, typed, n);
    return (int64_t)n;
}

int64_t (*user_input)(uint64_t buffer, uint64_t length) = keyboard_read_to_user;
bool (*program_keys)(struct key_event *key) = keyboard_read;

static int64_t sys_read(struct syscall_frame *frame)
{
    return user_input(frame->rdi, frame->rsi);
}

static bool string_from_user(char *to, uint64_t from, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        if (!copy_from_user(&to[i], from + i, 1))
            return false;
        if (to[i] == '\0')
            return true;
    }
    return false;                           /* no terminating zero in time */
}

int64_t process_spawn_named(uint64_t name_address, uint64_t arguments_address)
{
    char name[PROCESS_NAME_MAX], arguments[USER_ARGUMENTS_MAX];
    if (!string_from_user(name, name_address, sizeof name) ||
        !string_from_user(arguments, arguments_address, sizeof arguments))
        return -E_FAULT;
    const struct user_program *program = user_program_named(name);
    if (program == NULL)
        return -E_NOENT;
    return process_spawn(program, arguments, current->pid);
}

static int64_t sys_spawn(struct syscall_frame *frame)
{
    return process_spawn_named(frame->rdi, frame->rsi);
}

static int64_t sys_wait(struct syscall_frame *frame)
{
    uint64_t to = frame->rsi;
    if (to != 0 && !user_range_ok(to, sizeof(struct ending), true))
        return -E_FAULT;
    struct user_outcome outcome = {USER_NOT_STARTED, 0};
    int64_t pid = process_wait(frame->rdi, &outcome);
    struct ending ending = {outcome.how, outcome.status};
    if (pid >= 0 && to != 0)
        copy_to_user(to, &ending, sizeof ending);
    return pid;
}

void process_syscalls_init(void)
{
    syscall_register(SYS_YIELD, sys_yield);
    syscall_register(SYS_SLEEP, sys_sleep);
    syscall_register(SYS_READ, sys_read);
    syscall_register(SYS_SPAWN, sys_spawn);
    syscall_register(SYS_WAIT, sys_wait);
    syscall_register(SYS_KILL, sys_kill);
}
