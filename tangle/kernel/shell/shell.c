/* Tangled from chapters/12-a-shell.nw (with 13-user-mode.nw, 14-processes.nw, 15-programs-from-a-ramdisk.nw, 17-acpi-and-the-apic.nw, 18-descriptors-and-pipes.nw, 19-a-disk.nw, 20-a-buffer-cache.nw, 21-a-log.nw, 22-a-file-system.nw, 24-a-shell-of-its-own.nw). Edit the chapter, not this file. */
#include "shell.h"
#include "console.h"
#include "heap.h"
#include "interrupts.h"
#include "keyboard.h"
#include "key_latency.h"
#include "lib.h"
#include "overflow.h"
#include "tasks.h"
#include "timer.h"
#include "user.h"
#include "jobs.h"
#include "ramdisk.h"
#include "hardware.h"
#include "file.h"
#include "block.h"
#include "pci.h"
#include "buffer.h"
#include "log_commands.h"
#include "churn.h"
#include "fs_commands.h"
#include "process.h"

static void cmd_help(char *args);

static void cmd_uptime(char *args)
{
    (void)args;
    uint64_t ms = timer_uptime_ms();
    kprintf("uptime: %llu.%02llu s (%llu ticks at %d Hz)\n",
            (unsigned long long)(ms / 1000), (unsigned long long)(ms % 1000 / 10),
            (unsigned long long)timer_ticks(), TIMER_HZ);
}

static void cmd_mem(char *args)
{
    (void)args;
    mem_report();
    kprintf("keyboard: %u scancodes dropped because the ring was full\n",
            keyboard_dropped());
}

static void cmd_tasks(char *args)
{
    static const char *const states[] = {"ready", "running", "waiting", "done"};
    (void)args;
    kprintf("  id  state    polls  name\n");
    for (struct task *t = executor_tasks(); t != NULL; t = t->next_task)
        kprintf("  %2u  %-7s %6llu  %s\n", t->id, states[t->state],
                (unsigned long long)t->polls, t->name);
}

static void cmd_echo(char *args)
{
    kprintf("%s\n", args);
}

static void cmd_clear(char *args)
{
    (void)args;
    kprintf("\f");
}
static void cmd_breakpoint(char *args)
{
    (void)args;
    __asm__ volatile("int3" ::: "memory");
    kprintf("back from the breakpoint handler\n");
}

static void cmd_pagefault(char *args)
{
    (void)args;
    *(volatile uint64_t *)NEVER_MAPPED_ADDRESS = 1;
}

static void cmd_overflow(char *args)
{
    (void)args;
    overflow_the_stack(0);
}

static const struct command {
    const char *name, *help;
    void (*run)(char *args);
} commands[] = {
    {"help", "list the commands", cmd_help},
    {"uptime", "time since boot", cmd_uptime},
    {"mem", "frames and heap statistics", cmd_mem},
    {"tasks", "the executor's tasks and their states", cmd_tasks},
    {"echo", "print the rest of the line", cmd_echo},
    {"clear", "clear the screen", cmd_clear},
    {"breakpoint", "raise a breakpoint, which resumes (chapter 5)", cmd_breakpoint},
    {"pagefault", "write to unmapped memory: a page-fault report (chapter 5)",
     cmd_pagefault},
    {"overflow", "overflow the stack: a double-fault report (chapters 6, 9)",
     cmd_overflow},
    {"latency", "time from a key's interrupt to its echo (last 32 keys)",
     key_latency_command},
    {"ps", "the processes: pid, state, what they wait for, name", jobs_ps},
    {"kill", "kill PID: end a process", jobs_kill},
    {"programs", "the programs you can run by name", ramdisk_list},
    {"hw", "the firmware, CPU, memory, ACPI, display and IRQs found", hardware_report},
    {"files", "open files, and each process's descriptors", files_report},
    {"pci", "the devices on the PCI buses", pci_report},
    {"disk", "the disks; disk NAME BLOCK shows the start of a block", block_command},
    {"cache", "the buffer cache; cache NAME BLOCK reads a block through it", buffer_command},
    {"transactions", "transactions NAME N: N logged writes to a test disk",
     log_transactions_command},
    {"log", "log NAME: recover the test disk's log, check its blocks",
     log_check_command},
    {"fs", "fs ls|cat|mkdir|rm|write|df [PATH] [TEXT]: the file system, from the kernel",
     fs_command},
    {"churn", "churn N: write and remove files in /churn (the crash test)",
     churn_command},
};

static void cmd_help(char *args)
{
    (void)args;
    kprintf("commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        kprintf("  %-11s %s\n", commands[i].name, commands[i].help);
}

__attribute__((weak)) void shell_start_program(const struct user_program *program,
                                               char *args)
{
    (void)args;
    struct user_outcome outcome = user_run(program, 0);
    if (outcome.how == USER_EXITED)
        kprintf("%s exited with status %lld\n", program->name,
                (long long)outcome.status);
    else if (outcome.how == USER_NOT_STARTED)
        kprintf("%s: not enough memory to start it\n", program->name);
}
static void shell_run(char *line)
{
    while (*line == ' ')
        line++;
    if (*line == '\0')
        return;
    char *args = line;
    while (*args != '\0' && *args != ' ')
        args++;
    if (*args == ' ')
        *args++ = '\0';
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strlen(commands[i].name) == strlen(line) &&
            memcmp(commands[i].name, line, strlen(line)) == 0) {
            commands[i].run(args);
            return;
        }
    }
    /* chapter 13 runs programs here */
    const struct user_program *program = user_program_named(line);
    if (program != NULL) {
        shell_start_program(program, args);
        return;
    }
    kprintf("unknown command '%s'; type help for the list\n", line);
}
static void shell_key(struct shell *s, char c)
{
    if (c == '\b') {
        if (s->length > 0) {
            s->length--;
            console_write("\b", 1);
        }
    } else if (c == '\n') {
        console_write("\n", 1);
        s->line[s->length] = '\0';
        if (s->too_long)
            kprintf("line too long: at most %d characters\n", SHELL_LINE_MAX);
        else
            shell_run(s->line);
        s->length = 0;
        s->too_long = false;
        s->prompted = false;
    } else if (c >= ' ') {
        if (s->length < SHELL_LINE_MAX) {
            s->line[s->length++] = c;
            uint64_t write_start = interrupts_time_stamp();
            console_write(&c, 1);
            key_latency_echoed(write_start);
        } else {
            s->too_long = true;
        }
    }
}

static enum poll_result shell_poll(struct future *self, struct waker waker)
{
    struct shell *s = (struct shell *)self;
    for (;;) {
        /* chapter 14 waits for a program here */
        if (jobs_poll(waker) == POLL_PENDING)
            return POLL_PENDING;
        if (!s->prompted) {
            kprintf("> ");
            s->prompted = true;
        }
        if (s->key.base.poll(&s->key.base, waker) == POLL_PENDING)
            return POLL_PENDING;
        if (s->key.event.pressed && s->key.event.ch != 0)
            shell_key(s, s->key.event.ch);
    }
}

void shell_init(struct shell *s)
{
    *s = (struct shell){.base = {shell_poll}};
    key_future_init(&s->key);
}
void start_keyboard_task(void)
{
    static struct shell shell;
    if (keyboard_owner != 0)
        return;
    shell_init(&shell);
    key_latency_start();
    keyboard_listen(key_latency_interrupt);
    kprintf("The kernel's shell. Type help for the commands.\n");
    spawn(&shell.base, "shell");
}
