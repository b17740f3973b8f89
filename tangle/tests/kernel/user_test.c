/* Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file. */
#include "ktest.h"
#include "gdt.h"
#include "heap.h"
#include "memory.h"
#include "syscalls.h"
#include "user.h"
#include "paging.h"
#include "user_memory.h"
#include "../user/probe.h"

extern const uint8_t program_probe[], program_probe_end[];
static const struct user_program probe = {"probe", program_probe, program_probe_end,
                                          NULL};

static bool exited_with(uint64_t what, int64_t status)
{
    struct user_outcome o = user_run(&probe, what);
    return o.how == USER_EXITED && o.status == status;
}

static bool faulted_with(uint64_t what, int64_t vector)
{
    struct user_outcome o = user_run(&probe, what);
    return o.how == USER_FAULTED && o.status == vector;
}

KTEST(a_program_exits_with_its_status)
{
    KEXPECT(exited_with(PROBE_EXIT_42, 42));
    KEXPECT(exited_with(PROBE_RETURN_FROM_MAIN, 7));
}

KTEST(write_returns_the_length_written)
{
    KEXPECT(exited_with(PROBE_WRITE, 13));
}

KTEST(write_refuses_pointers_a_program_may_not_use)
{
    KEXPECT(exited_with(PROBE_WRITE_KERNEL_POINTER, -E_FAULT));
    KEXPECT(exited_with(PROBE_WRITE_UNMAPPED, -E_FAULT));
    KEXPECT(exited_with(PROBE_WRITE_HUGE, -E_FAULT));
    KEXPECT(exited_with(PROBE_WRITE_PAST_IMAGE, -E_FAULT));
    KEXPECT(exited_with(PROBE_WRITE_PAST_USER_END, -E_FAULT));
    KEXPECT(exited_with(PROBE_WRITE_NULL, -E_FAULT));
    KEXPECT(exited_with(PROBE_WRITE_NOTHING_UNMAPPED, -E_FAULT));
}

KTEST(ranges_that_wrap_or_cross_user_end_are_refused)
{
    KEXPECT(!user_range_ok(USER_START, 0 - USER_START + 1, false));   /* ends at 1 */
    KEXPECT(!user_range_ok(USER_START + PAGE_SIZE, UINT64_MAX, false));
    KEXPECT(!user_range_ok(USER_END - 8, 16, false));
    KEXPECT(!user_range_ok(UINT64_MAX - 8, 16, false));
}

KTEST(an_unknown_system_call_gets_e_nosys)
{
    KEXPECT(exited_with(PROBE_UNKNOWN_CALL, -E_NOSYS));
}

KTEST(kernel_memory_is_out_of_reach)
{
    KEXPECT(faulted_with(PROBE_READ_KERNEL, 14));
    KEXPECT(faulted_with(PROBE_WRITE_KERNEL, 14));
    KEXPECT(faulted_with(PROBE_RUN_KERNEL, 14));
    KEXPECT(faulted_with(PROBE_STACK_GUARD, 14));
}

KTEST(privileged_instructions_end_the_program)
{
    KEXPECT(faulted_with(PROBE_CLI, 13));
    KEXPECT(faulted_with(PROBE_INT3, 13));   /* through a DPL 0 gate */
    KEXPECT(faulted_with(PROBE_PORT, 13));
}

KTEST(a_system_call_keeps_the_programs_registers)
{
    KEXPECT(exited_with(PROBE_REGISTERS_KEPT, 0));
}

KTEST(getpid_is_the_programs_number)
{
    struct user_outcome first = user_run(&probe, PROBE_GETPID);
    struct user_outcome second = user_run(&probe, PROBE_GETPID);
    KEXPECT(first.how == USER_EXITED && first.status > 0);
    KEXPECT(second.how == USER_EXITED && second.status == first.status + 1);
}

KTEST(two_hundred_programs_give_back_their_memory)
{
    KEXPECT(exited_with(PROBE_EXIT_42, 42));
    uint64_t frames_before = frame_stats(&frames).used;
    size_t heap_before = heap_stats().bytes_in_use;
    for (int i = 0; i < 100; i++) {
        KEXPECT(exited_with(PROBE_EXIT_42, 42));
        KEXPECT(faulted_with(PROBE_WRITE_KERNEL, 14));
    }
    KEXPECT(frame_stats(&frames).used == frames_before);
    KEXPECT(heap_stats().bytes_in_use == heap_before);
}

KTEST(every_program_starts_with_clean_vector_registers)
{
    KEXPECT(exited_with(PROBE_VECTOR_STATE_DIRTY, 0));
    KEXPECT(exited_with(PROBE_VECTOR_STATE_CLEAN, 0));
}

KTEST(floating_point_exceptions_start_masked)
{
    KEXPECT(exited_with(PROBE_DIVIDE_BY_ZERO, 0));
    KEXPECT(faulted_with(PROBE_DIVIDE_BY_ZERO_UNMASKED, 16));
}

static uint8_t gate_stack(uint8_t vector)
{
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) idt;
    __asm__ volatile("sidt %0" : "=m"(idt));
    return ((const uint8_t *)(uintptr_t)idt.base)[vector * 16 + 4] & 7;
}

static uint64_t sfmask(void)
{
    uint32_t low, high;
    __asm__ volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(0xC0000084u));
    return (uint64_t)high << 32 | low;
}

KTEST(what_the_kernel_keeps_from_programs)
{
    if (umip_on)
        KEXPECT(faulted_with(PROBE_SGDT, 13));
    else
        KEXPECT(exited_with(PROBE_SGDT, 0));
    KEXPECT(exited_with(PROBE_SET_NT, 0));
    KEXPECT(sfmask() == (RFLAGS_IF | 1u << 8 | 1u << 10 | 1u << 14 | 1u << 18));
    KEXPECT(gate_stack(2) == IST_NMI && gate_stack(18) == IST_MACHINE_CHECK);
}

KTEST(a_program_neither_writes_its_code_nor_runs_its_data)
{
    KEXPECT(faulted_with(PROBE_WRITE_OWN_CODE, 14));
    if (paging_has_no_execute())
        KEXPECT(faulted_with(PROBE_RUN_OWN_DATA, 14));
    else
        KEXPECT(exited_with(PROBE_RUN_OWN_DATA, 0));
}

KTEST(measure_a_system_call)
{
    KEXPECT(exited_with(PROBE_MEASURE, 0));
}
