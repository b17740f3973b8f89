/* Tangled from chapters/24-a-shell-of-its-own.nw. Edit the chapter, not this file. */
#include "job_control.h"
#include "console.h"
#include "file_syscalls.h"
#include "keyboard.h"
#include "keystream.h"
#include "lib.h"
#include "process.h"
#include "scheduler.h"
#include "serial_input.h"
#include "syscall.h"
#include "user.h"

static uint64_t foreground_job;         /* the job with the keyboard; 0: none */
static void (*earlier_starting)(struct process *child, const struct process *parent);
static void (*earlier_ending)(struct process *p);

uint64_t job_foreground(void)
{
    return foreground_job;
}

static struct process *job_leader(const struct process *parent, int64_t job)
{
    struct process *leader = job > 0 ? process_find((uint64_t)job) : NULL;
    if (leader == NULL || leader->parent != parent->pid || leader->job != leader->pid)
        return NULL;
    return leader;
}

static void take_keyboard(struct process *child, const struct process *parent)
{
    uint64_t saved = interrupts_save_and_disable();
    if (keyboard_owner == parent->pid) {
        child->keyboard_back = parent->pid;
        foreground_job = child->job;
        keyboard_owner = child->pid;
    }
    interrupts_restore(saved);
}

static void starting(struct process *child, const struct process *parent)
{
    earlier_starting(child, parent);
    int64_t job = parent->child_job;
    struct process *leader = job_leader(parent, job);
    child->job = parent->job;
    child->keyboard_back = parent->keyboard_back;
    if (job == JOB_BACKGROUND || job == JOB_FOREGROUND)
        child->job = child->pid;
    if (leader != NULL) {
        child->job = leader->job;
        child->keyboard_back = leader->keyboard_back;
    }
    child->asked_foreground = job == JOB_FOREGROUND ||
                              (leader != NULL && leader->asked_foreground);
    if (child->asked_foreground)
        take_keyboard(child, parent);
}

static struct process *live_member(uint64_t job, const struct process *except)
{
    for (int i = 1; i < PROCESS_MAX; i++) {
        struct process *q = &processes[i];
        if (q != except && q->job == job && q->state != PROCESS_FREE &&
            q->state != PROCESS_ZOMBIE && q->waiting_for != WAITING_START)
            return q;
    }
    return NULL;
}

static void ending(struct process *p)       /* interrupts are off */
{
    earlier_ending(p);
    for (int i = 1; i < PROCESS_MAX; i++)
        if (processes[i].state != PROCESS_FREE && processes[i].keyboard_back == p->pid)
            processes[i].keyboard_back = p->keyboard_back;
    if (p->job == 0 || p->job != foreground_job)
        return;
    struct process *heir = live_member(p->job, p);
    if (heir != NULL && keyboard_owner == p->pid)
        keyboard_owner = heir->pid;         /* the keyboard stays with the job */
    if (heir != NULL)
        return;
    struct process *back = process_find(p->keyboard_back);
    bool alive = back != NULL && back->state != PROCESS_ZOMBIE;
    foreground_job = alive ? back->job : 0;
    keyboard_owner = alive ? back->pid : 0;
}

static int64_t sys_spawn_job(struct syscall_frame *frame)
{
    int64_t job = (int64_t)frame->r8, pid;
    bool new_job = job == JOB_BACKGROUND || job == JOB_FOREGROUND;
    if (!new_job && job_leader(current, job) == NULL)
        return job > 0 ? -E_SRCH : -E_INVAL;
    current->child_job = job;
    if (frame->rdx == 0)
        pid = process_spawn_named(frame->rdi, frame->rsi);
    else
        pid = spawn_with_files(frame->rdi, frame->rsi, frame->rdx, frame->r10);
    current->child_job = 0;
    return pid;
}

static int64_t sys_ignore_ctrl_c(struct syscall_frame *frame)
{
    (void)frame;
    current->ignores_ctrl_c = true;
    return 0;
}

static void kill_foreground_job(void)      /* in an interrupt handler */
{
    for (int i = 1; foreground_job != 0 && i < PROCESS_MAX; i++) {
        struct process *p = &processes[i];
        if (p->job == foreground_job && !p->ignores_ctrl_c &&
            p->state != PROCESS_FREE && p->state != PROCESS_ZOMBIE &&
            p->waiting_for != WAITING_START)
            process_kill_later(p->pid);
    }
}

static struct keyboard_state ctrl_c_keys;

static void ctrl_c_from_keyboard(uint8_t scancode)
{
    struct key_event key;
    if (scancode_decode(&ctrl_c_keys, scancode, &key) && key.pressed && key.ch == 3)
        kill_foreground_job();
}

static void ctrl_c_from_serial(uint8_t byte)
{
    if (byte == 3)
        kill_foreground_job();
}

static bool descends_from(const struct process *p, uint64_t ancestor)
{
    for (int steps = 0; p != NULL && steps < PROCESS_MAX; steps++) {
        if (p->parent == ancestor)
            return true;
        p = process_find(p->parent);
    }
    return false;
}

bool process_may_kill(const struct process *killer, const struct process *p)
{
    uint64_t parent = killer->parent;
    bool family = parent != 0 && parent != NO_PARENT && p->pid != parent;
    return p == killer || descends_from(p, killer->pid) ||
           (family && (descends_from(p, parent) || descends_from(p, NO_PARENT)));
}

#define SLOTS_KEPT 2        /* the last free slots: for init and its shells */

bool process_may_spawn(const struct process *spawner)
{
    const struct process *parent = process_find(spawner->parent);
    bool near_init = spawner->parent == 0 || (parent != NULL && parent->parent == 0);
    int free = 0;
    for (int i = 1; i < PROCESS_MAX; i++)
        free += processes[i].state == PROCESS_FREE;
    return free > SLOTS_KEPT || near_init;
}

static bool keyboard_or_serial(struct key_event *key)
{
    return keyboard_read(key) || serial_key_read(key);
}

static void make_init_the_foreground(struct process *init)
{
    uint64_t saved = interrupts_save_and_disable();
    init->job = init->pid;
    init->ignores_ctrl_c = true;
    foreground_job = init->pid;
    process_give_keyboard(init->pid);
    program_keys = keyboard_or_serial;
    interrupts_restore(saved);
    serial_input_listen(process_wake_readers);
}

static bool has_word(const char *line, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = line; *p != '\0'; p++)
        if ((p == line || p[-1] == ' ') && memcmp(p, word, n) == 0 &&
            (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

void init_start(const char *command_line)
{
    if (has_word(command_line, "kernel-shell")) {
        kprintf("init: not started: the kernel's shell was asked for\n");
        return;
    }
    const struct user_program *program = user_program_named("init");
    int64_t pid = program != NULL ? process_spawn(program, "", 0) : -E_NOENT;
    if (pid < 0) {
        kprintf("init: cannot be started (error %lld): the kernel's shell instead\n",
                (long long)-pid);
        return;
    }
    make_init_the_foreground(process_find((uint64_t)pid));
    kprintf("init: started as process %lld\n", (long long)pid);
}

void job_control_init(void)
{
    earlier_starting = process_starting;
    earlier_ending = process_ending;
    process_starting = starting;
    process_ending = ending;
    keyboard_listen(ctrl_c_from_keyboard);
    serial_input_listen(ctrl_c_from_serial);
    syscall_register(SYS_SPAWN_JOB, sys_spawn_job);
    syscall_register(SYS_IGNORE_CTRL_C, sys_ignore_ctrl_c);
}
