/* Tangled from chapters/14-processes.nw (with 18-descriptors-and-pipes.nw, 23-files-for-programs.nw, 24-a-shell-of-its-own.nw). Edit the chapter, not this file. */
#ifndef PROCESS_H
#define PROCESS_H
#include <stdbool.h>
#include <stdint.h>
#include "fpu.h"
#include "future.h"
#include "interrupts.h"
#include "syscalls.h"
#include "user.h"

#define PROCESS_MAX 32
#define PROCESS_NAME_MAX 16
#define KERNEL_STACK_SIZE 16384

enum process_state {
    PROCESS_FREE, PROCESS_READY, PROCESS_RUNNING, PROCESS_BLOCKED, PROCESS_ZOMBIE,
};

struct process {
    uint64_t pid, parent;
    enum process_state state;
    const char *waiting_for;        /* while blocked: "sleep", "read", "wait" */
    char name[PROCESS_NAME_MAX];
    uint64_t *pml4;
    uint8_t *kernel_stack;
    uint64_t saved_rsp;             /* while not running */
    struct running_program run;
    char arguments[USER_ARGUMENTS_MAX];
    uint64_t wake_at;               /* while sleeping: a time in ticks */
    bool killed;
    uint32_t kill_held;             /* > 0: in work that must finish first */
    struct waker exit_waker;        /* a task waiting for this process to end */
    struct process *next_ready;
    struct fpu_state fpu;           /* while not running: its vector registers */
    struct file *files[FD_MAX];     /* its descriptors: open files, or NULL */
    struct file **child_files;      /* while spawning: the child's first table */
    const void *waiting_on;         /* while blocked: the pipe (or other object) */
    uint32_t directory;             /* its current directory's inode; 0: the root */
    struct program_file *program_pending;   /* read for a child about to start */
    struct program_file *program_file;      /* the file it runs, from the disk */
    uint64_t job;                   /* the pid of its job's first process */
    uint64_t keyboard_back;         /* who gets the keyboard when its job ends */
    bool asked_foreground;          /* its job was started in the foreground */
    bool ignores_ctrl_c;
    int64_t child_job;              /* while spawning: spawn_job's job, or 0 */
};
extern const char WAITING_SLEEP[], WAITING_READ[], WAITING_CHILD[], WAITING_START[];
#define NO_PARENT UINT64_MAX

extern struct process processes[PROCESS_MAX];

void process_init(void);
void process_syscalls_init(void);          /* in process_syscalls.c */
int64_t process_spawn(const struct user_program *program, const char *arguments,
                      uint64_t parent);
int64_t process_wait(uint64_t pid, struct user_outcome *outcome);
enum poll_result process_poll_end(uint64_t pid, struct waker waker);
struct user_outcome process_reap(uint64_t pid);
int64_t process_kill(uint64_t pid);
bool process_kill_later(uint64_t pid);
void process_release(struct process *p);
int64_t process_sleep(uint64_t milliseconds);
struct process *process_find(uint64_t pid);
void process_give_keyboard(uint64_t pid);
extern uint64_t keyboard_owner;
int64_t keyboard_read_to_user(uint64_t buffer, uint64_t length);
extern int64_t (*user_input)(uint64_t buffer, uint64_t length);   /* read's */
struct key_event;
extern bool (*program_keys)(struct key_event *key);    /* where its keys come from */
void process_wake_readers(uint8_t byte);
bool process_may_kill(const struct process *killer, const struct process *p);
bool process_may_spawn(const struct process *spawner);
int64_t process_spawn_named(uint64_t name_address, uint64_t arguments_address);
extern void (*process_starting)(struct process *child, const struct process *parent);
extern void (*process_ending)(struct process *p);
void process_wait_on(const void *what, const char *reason);  /* interrupts off */
void process_wake_waiters(const void *what);                 /* interrupts off */
#endif
