/* Tangled from chapters/14-processes.nw. Edit the chapter, not this file. */
#include "ktest.h"
#include "address_space.h"
#include "console.h"
#include "format.h"
#include "heap.h"
#include "memory.h"
#include "paging.h"
#include "process.h"
#include "syscalls.h"
#include "timer.h"

extern const uint8_t program_worker[], program_worker_end[];
static const struct user_program worker = {"worker", program_worker,
                                           program_worker_end, NULL};

static struct user_outcome run(const char *args)
{
    struct user_outcome o = {USER_NOT_STARTED, -1};
    int64_t pid = process_spawn(&worker, args, 0);
    if (pid < 0 || process_wait(pid, &o) != pid)
        return (struct user_outcome){USER_NOT_STARTED, pid};
    return o;
}

static bool exits_with(const char *args, int64_t status)
{
    struct user_outcome o = run(args);
    return o.how == USER_EXITED && o.status == status;
}

KTEST(a_process_runs_and_exits_with_its_status)
{
    KEXPECT(exits_with("exit 7", 7));
    KEXPECT(exits_with("length of this", 14));
    KEXPECT(exits_with("yield", 0));
    struct user_outcome o = run("crash");
    KEXPECT(o.how == USER_FAULTED && o.status == 14);
}

KTEST(two_processes_do_not_share_memory)
{
    int64_t a = process_spawn(&worker, "secret", 0);
    KEXPECT(a > 0);
    KEXPECT(exits_with("peek", 0));
    struct user_outcome o;
    KEXPECT(process_wait(a, &o) == a);
    KEXPECT(o.how == USER_EXITED && o.status == 0);
}

KTEST(a_spinning_process_is_preempted_and_killed)
{
    int64_t pid = process_spawn(&worker, "spin", 0);
    KEXPECT(pid > 0);
    KEXPECT(process_sleep(100) == 0);
    KEXPECT(process_find(pid)->state == PROCESS_READY);
    KEXPECT(process_kill(pid) == 0);
    struct user_outcome o;
    KEXPECT(process_wait(pid, &o) == pid);
    KEXPECT(o.how == USER_KILLED);
}

KTEST(a_long_write_gives_way_and_can_be_killed)
{
    int64_t pid = process_spawn(&worker, "write-lines 16384", 0);
    KEXPECT(pid > 0 && process_sleep(50) == 0);
    struct process *p = process_find(pid);
    KEXPECT(p != NULL && p->state != PROCESS_ZOMBIE);     /* still writing */
    KEXPECT(process_kill(pid) == 0);
    struct user_outcome o;
    KEXPECT(process_wait(pid, &o) == pid && o.how == USER_KILLED);
}

KTEST(a_kernel_stack_has_a_guard_page_below)
{
    int64_t pid = process_spawn(&worker, "sleep 100000", 0);
    uint64_t bottom = (uint64_t)(uintptr_t)process_find(pid)->kernel_stack;
    struct translation t;
    KEXPECT(!page_translate(kernel_pml4, bottom - 1, &t));
    KEXPECT(page_translate(kernel_pml4, bottom, &t) &&
            ((t.flags & PTE_NO_EXECUTE) || !paging_has_no_execute()));
    KEXPECT(page_translate(kernel_pml4, bottom + KERNEL_STACK_SIZE - 1, &t));
    struct user_outcome o;
    KEXPECT(process_kill(pid) == 0 && process_wait(pid, &o) == pid);
    KEXPECT(!page_translate(kernel_pml4, bottom, &t));
}

KTEST(a_process_sleep_lasts_at_least_what_was_asked)
{
    uint64_t ms_before = timer_uptime_ms();
    KEXPECT(exits_with("sleep 30", 0));
    KEXPECT(timer_uptime_ms() - ms_before >= 40);
}

static bool killed_while_waiting(const char *args, const char *reason)
{
    int64_t pid = process_spawn(&worker, args, 0);
    process_give_keyboard(pid);
    struct process *p = process_find(pid);
    for (int i = 0; i < 100 && p->state != PROCESS_BLOCKED; i++)
        process_sleep(10);              /* until it waits, or for a second */
    bool waiting = p->state == PROCESS_BLOCKED && p->waiting_for == reason;
    struct user_outcome o;
    bool killed = process_kill(pid) == 0 &&
                  process_wait(pid, &o) == pid && o.how == USER_KILLED;
    process_give_keyboard(0);
    return waiting && killed;
}

KTEST(kill_reaches_a_process_that_waits)
{
    KEXPECT(killed_while_waiting("sleep 100000", WAITING_SLEEP));
    KEXPECT(killed_while_waiting("read", WAITING_READ));
    KEXPECT(run("kill-self").how == USER_KILLED);
    KEXPECT(exits_with("read", -E_BACKGROUND));
}

KTEST(process_calls_refuse_bad_arguments)
{
    KEXPECT(exits_with("bad-read", -E_FAULT));
    KEXPECT(exits_with("bad-sleep", -E_INVAL));
    KEXPECT(exits_with("bad-spawn-pointer", -E_FAULT));
    KEXPECT(exits_with("bad-spawn-name", -E_NOENT));
    KEXPECT(exits_with("bad-wait", -E_SRCH));
    KEXPECT(exits_with("wait-self", -E_SRCH));
    KEXPECT(exits_with("bad-wait-pointer", -E_FAULT));
    KEXPECT(exits_with("kill-kernel", -E_PERM));
    KEXPECT(exits_with("kill-nobody", -E_SRCH));
    KEXPECT(process_kill(0) == -E_PERM);
}

KTEST(process_ids_are_64_bits_wide)
{
    KEXPECT(exits_with("kill-big", -E_SRCH));       /* not kill(0) */
    KEXPECT(exits_with("wait-big", -E_SRCH));       /* not the child */
    KEXPECT(process_kill(1ull << 32) == -E_SRCH);
}

KTEST(a_program_kills_only_itself_and_its_children)
{
    int64_t stranger = process_spawn(&worker, "sleep 100000", 0);
    char args[32];
    ksnprintf(args, sizeof args, "kill-pid %lld", (long long)stranger);
    KEXPECT(exits_with(args, -E_PERM));
    KEXPECT(exits_with("kill-child", 0));
    struct user_outcome o;
    KEXPECT(process_kill(stranger) == 0);
    KEXPECT(process_wait(stranger, &o) == stranger && o.how == USER_KILLED);
}

KTEST(programs_start_and_wait_for_programs)
{
    KEXPECT(exits_with("spawn-wait", 14));
    KEXPECT(exits_with("orphan", 0));
    int busy = PROCESS_MAX;
    for (int tries = 0; tries < 100 && busy > 0; tries++) {
        process_sleep(10);              /* until the orphan has freed itself */
        busy = 0;
        for (int i = 1; i < PROCESS_MAX; i++)
            busy += processes[i].state != PROCESS_FREE;
    }
    KEXPECT(busy == 0);
}

static bool both_exit_with_zero(const char *first, const char *second)
{
    int64_t a = process_spawn(&worker, first, 0);
    int64_t b = process_spawn(&worker, second, 0);
    struct user_outcome oa = {USER_NOT_STARTED, -1}, ob = {USER_NOT_STARTED, -1};
    bool waited = a > 0 && b > 0 && process_wait(a, &oa) == a &&
                  process_wait(b, &ob) == b;
    return waited && oa.how == USER_EXITED && oa.status == 0 &&
           ob.how == USER_EXITED && ob.status == 0;
}

KTEST(each_process_keeps_its_own_vector_registers)
{
    KEXPECT(both_exit_with_zero("vector-keep 1111", "vector-keep 2222"));
    KEXPECT(both_exit_with_zero("sum 3", "sum 5"));
}

KTEST(a_full_process_table_is_refused)
{
    int64_t pids[PROCESS_MAX];
    for (int i = 1; i < PROCESS_MAX; i++)
        KEXPECT((pids[i] = process_spawn(&worker, "sleep 100000", 0)) > 0);
    KEXPECT(process_spawn(&worker, "exit 0", 0) == -E_LIMIT);
    for (int i = 1; i < PROCESS_MAX; i++) {
        struct user_outcome o;
        process_kill(pids[i]);
        KEXPECT(process_wait(pids[i], &o) == pids[i]);
    }
    KEXPECT(exits_with("exit 0", 0));
}

KTEST(three_hundred_processes_give_back_their_memory)
{
    KEXPECT(exits_with("exit 0", 0));
    uint64_t frames_before = frame_stats(&frames).used;
    size_t heap_before = heap_stats().bytes_in_use;
    for (int i = 0; i < 150; i++) {
        KEXPECT(exits_with("exit 0", 0));
        KEXPECT(run("crash").how == USER_FAULTED);
    }
    KEXPECT(frame_stats(&frames).used == frames_before);
    KEXPECT(heap_stats().bytes_in_use == heap_before);
}

KTEST(measure_a_switch_and_a_start)
{
    int64_t partner = process_spawn(&worker, "yield-forever", 0);
    KEXPECT(exits_with("time-yield", 0));
    process_kill(partner);
    struct user_outcome o;
    KEXPECT(process_wait(partner, &o) == partner);
    uint64_t best = ~0ull;
    for (int i = 0; i < 16; i++) {
        uint64_t before = interrupts_time_stamp();
        o = run("first-instruction");
        uint64_t took = (uint64_t)o.status - before;
        best = o.how == USER_EXITED && took < best ? took : best;
    }
    kprintf("# cycles from spawn to the program's first instruction: %llu\n",
            (unsigned long long)best);
    KEXPECT(best != ~0ull);
}
