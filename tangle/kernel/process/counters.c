/* Tangled from chapters/24-a-shell-of-its-own.nw. Edit the chapter, not this file. */
#include "counters.h"
#include "file.h"
#include "fs.h"
#include "heap.h"
#include "job_control.h"
#include "lib.h"
#include "memory.h"
#include "process.h"
#include "syscall.h"
#include "user_memory.h"

_Static_assert(PROCESS_ENTRY_READY == PROCESS_READY &&
               PROCESS_ENTRY_RUNNING == PROCESS_RUNNING &&
               PROCESS_ENTRY_BLOCKED == PROCESS_BLOCKED &&
               PROCESS_ENTRY_ZOMBIE == PROCESS_ZOMBIE,
               "the ABI's states are the kernel's");

static struct process_entry entry_of(const struct process *p)
{
    struct process_entry e = {.pid = p->pid, .parent = p->parent, .job = p->job,
                              .state = p->state,
                              .foreground = p->job == job_foreground()};
    memcpy(e.name, p->name, sizeof e.name);
    e.name[sizeof e.name - 1] = '\0';
    for (size_t i = 0; p->waiting_for != NULL && i < sizeof e.waiting - 1; i++)
        if ((e.waiting[i] = p->waiting_for[i]) == '\0')
            break;
    return e;
}

static int64_t sys_processes(struct syscall_frame *frame)
{
    uint64_t to = frame->rdi, count = frame->rsi < PROCESS_MAX ? frame->rsi : PROCESS_MAX;
    int64_t n = 0;
    if (!user_range_ok(to, count * sizeof(struct process_entry), true))
        return -E_FAULT;
    for (int i = 0; i < PROCESS_MAX && (uint64_t)n < count; i++) {
        if (processes[i].state == PROCESS_FREE)
            continue;
        struct process_entry e = entry_of(&processes[i]);
        if (!copy_to_user(to + (uint64_t)n * sizeof e, &e, sizeof e))
            return -E_FAULT;
        n++;
    }
    return n;
}

static int64_t sys_memory(struct syscall_frame *frame)
{
    struct frame_stats f = frame_stats(&frames);
    struct heap_stats h = heap_stats();
    struct fs_usage u = {0};
    struct memory_counts c = {.frames_total = f.total, .frames_free = f.free,
                              .heap_in_use = h.bytes_in_use, .heap_free = h.free_bytes,
                              .files_open = files_open};
    if (!user_range_ok(frame->rdi, sizeof c, true))
        return -E_FAULT;
    for (int i = 0; i < PROCESS_MAX; i++)
        c.processes += processes[i].state != PROCESS_FREE;
    if (fs_usage(&u) == 0) {
        c.disk_blocks_free = u.free_blocks;
        c.disk_inodes_free = u.free_inodes;
    }
    return copy_to_user(frame->rdi, &c, sizeof c) ? 0 : -E_FAULT;
}

void counters_init(void)
{
    syscall_register(SYS_PROCESSES, sys_processes);
    syscall_register(SYS_MEMORY, sys_memory);
}
