/* Tangled from chapters/14-processes.nw. Edit the chapter, not this file. */
#include "jobs.h"
#include "console.h"
#include "keyboard.h"
#include "lib.h"
#include "process.h"
#include "scheduler.h"
#include "serial_input.h"
#include "shell.h"

static uint64_t foreground;                 /* 0: none */
static uint64_t background[PROCESS_MAX];    /* 0: a free place */


#define SCANCODE_C 0x2E                     /* the C key, set 1 */
static struct keyboard_state keys_seen;     /* our own decoder's state */
static bool interrupted;                    /* Ctrl-C stopped the program in front */

static void watch_for_ctrl_c(uint8_t scancode)      /* in the keyboard interrupt */
{
    struct key_event key;
    if (scancode_decode(&keys_seen, scancode, &key) && key.pressed &&
        key.key == SCANCODE_C && (key.modifiers & MOD_CTRL) && foreground != 0)
        interrupted = process_kill_later(foreground) || interrupted;
}

static void watch_for_serial_ctrl_c(uint8_t byte)   /* in COM1's interrupt */
{
    if (byte == 0x03 && foreground != 0)
        interrupted = process_kill_later(foreground) || interrupted;
}

void jobs_init(void)
{
    keyboard_listen(watch_for_ctrl_c);
    serial_input_listen(watch_for_serial_ctrl_c);
}
void shell_start_program(const struct user_program *program, char *args)
{
    size_t n = strlen(args);
    bool behind = n > 0 && args[n - 1] == '&';
    if (behind)
        args[n - 1] = '\0';
    int64_t pid = process_spawn(program, args, 0);
    if (pid < 0) {
        kprintf("%s: cannot start it: %s\n", program->name,
                pid == -E_LIMIT ? "the process table is full (see ps)"
                : pid == -E_NOMEM ? "not enough memory" : "its arguments are too long");
        return;
    }
    if (!behind) {
        interrupted = false;
        foreground = pid;
        process_give_keyboard(foreground);
        return;
    }
    for (int i = 0; i < PROCESS_MAX; i++)
        if (background[i] == 0) {
            background[i] = pid;
            break;
        }
    kprintf("[%lld] %s\n", (long long)pid, program->name);
}

static void report(uint64_t pid, const char *name, struct user_outcome o, bool behind)
{
    if (behind)
        kprintf("[%llu] ", (unsigned long long)pid);
    if (o.how == USER_EXITED)
        kprintf("%s exited with status %lld\n", name, (long long)o.status);
    else if (o.how == USER_KILLED)
        kprintf("%s was killed\n", name);
    else if (o.how == USER_NOT_STARTED)
        kprintf("%s: not enough memory to start it\n", name);
    else
        kprintf("%s ended by fault %lld\n", name, (long long)o.status);
}

static void reap_and_report(uint64_t pid, bool behind)
{
    struct process *p = process_find(pid);
    char name[PROCESS_NAME_MAX];
    if (p == NULL || p->state != PROCESS_ZOMBIE)
        return;                             /* nothing left to collect */
    memcpy(name, p->name, sizeof name);
    report(pid, name, process_reap(pid), behind);
}

enum poll_result jobs_poll(struct waker waker)
{
    for (int i = 0; i < PROCESS_MAX; i++)
        if (background[i] != 0 && process_poll_end(background[i], waker) == POLL_READY) {
            reap_and_report(background[i], true);
            background[i] = 0;
        }
    if (foreground == 0)
        return POLL_READY;
    if (process_poll_end(foreground, waker) == POLL_PENDING)
        return POLL_PENDING;
    if (interrupted)
        kprintf("^C\n");
    interrupted = false;
    reap_and_report(foreground, false);
    foreground = 0;
    process_give_keyboard(0);
    return POLL_READY;
}

void jobs_ps(char *args)
{
    static const char *const states[] = {"free", "ready", "running", "blocked",
                                         "zombie"};
    (void)args;
    kprintf("  pid  state    waits  name\n");
    for (int i = 0; i < PROCESS_MAX; i++) {
        struct process *p = &processes[i];
        if (p->state != PROCESS_FREE)
            kprintf("  %3llu  %-7s  %-5s  %s\n", (unsigned long long)p->pid,
                    states[p->state], p->waiting_for != NULL ? p->waiting_for : "",
                    p->name);
    }
}

void jobs_kill(char *args)
{
    uint64_t pid = 0;
    if (*args < '0' || *args > '9') {
        kprintf("kill: which process? kill PID (ps lists them)\n");
        return;
    }
    for (; *args >= '0' && *args <= '9'; args++)
        pid = pid * 10 + (uint64_t)(*args - '0');
    int64_t r = process_kill(pid);
    if (r == 0)
        scheduler_yield();      /* let it end before the next prompt */
    else if (r == -E_SRCH)
        kprintf("kill: no process %llu\n", (unsigned long long)pid);
    else if (r == -E_PERM)
        kprintf("kill: the kernel cannot be killed\n");
}
