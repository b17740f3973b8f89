/* Tangled from chapters/13-user-mode.nw (with 14-processes.nw). Edit the chapter, not this file. */
#include "syscall.h"
#include <stddef.h>
#include "gdt.h"
#include "interrupts.h"
#include "user.h"
#include "user_entry.h"

#define MSR_EFER 0xC0000080u
#define MSR_STAR 0xC0000081u
#define MSR_LSTAR 0xC0000082u
#define MSR_SFMASK 0xC0000084u
#define EFER_SYSCALL_ENABLE (1ull << 0)
#define RFLAGS_TF (1ull << 8)
#define RFLAGS_DF (1ull << 10)
#define RFLAGS_AC (1ull << 18)
#define RFLAGS_NT (1ull << 14)

static uint64_t msr_read(uint32_t msr)
{
    uint32_t low, high;
    __asm__ volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(msr));
    return (uint64_t)high << 32 | low;
}

static void msr_write(uint32_t msr, uint64_t value)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)value),
                     "d"((uint32_t)(value >> 32)));
}
static uint8_t nmi_stack[4096] __attribute__((aligned(16)));
static uint8_t machine_check_stack[4096] __attribute__((aligned(16)));

static void give_unmaskable_interrupts_their_stacks(void)
{
    uint8_t *nmi_top = nmi_stack + sizeof nmi_stack;
    uint8_t *machine_check_top = machine_check_stack + sizeof machine_check_stack;
    gdt_set_interrupt_stack(IST_NMI, (uint64_t)(uintptr_t)nmi_top);
    gdt_set_interrupt_stack(IST_MACHINE_CHECK, (uint64_t)(uintptr_t)machine_check_top);
    interrupt_use_stack(2, IST_NMI);
    interrupt_use_stack(18, IST_MACHINE_CHECK);
}

void syscall_init(void)
{
    msr_write(MSR_EFER, msr_read(MSR_EFER) | EFER_SYSCALL_ENABLE);
    msr_write(MSR_STAR,
              (uint64_t)GDT_KERNEL_DATA << 48 | (uint64_t)GDT_KERNEL_CODE << 32);
    msr_write(MSR_LSTAR, (uint64_t)(uintptr_t)syscall_entry);
    msr_write(MSR_SFMASK, RFLAGS_IF | RFLAGS_TF | RFLAGS_DF | RFLAGS_AC | RFLAGS_NT);
    give_unmaskable_interrupts_their_stacks();
}

void syscall_use_stack(uint64_t top)
{
    syscall_kernel_stack = top;
    gdt_set_kernel_stack(top);
}

static int64_t (*const handlers[])(struct syscall_frame *frame) = {
    [SYS_EXIT] = sys_exit,
    [SYS_WRITE] = sys_write,
    [SYS_GETPID] = sys_getpid,
    [SYS_YIELD] = sys_yield,
    [SYS_SLEEP] = sys_sleep,
    [SYS_READ] = sys_read,
    [SYS_SPAWN] = sys_spawn,
    [SYS_WAIT] = sys_wait,
    [SYS_KILL] = sys_kill,
};
#define SYSCALL_COUNT (sizeof handlers / sizeof handlers[0])

void syscall_dispatch(struct syscall_frame *frame)
{
    uint64_t number = frame->rax;
    if (number < SYSCALL_COUNT && handlers[number] != NULL)
        frame->rax = (uint64_t)handlers[number](frame);
    else
        frame->rax = (uint64_t)-E_NOSYS;
    if (frame->rip < USER_START || frame->rip >= USER_END)
        user_end_program_at(frame->rip);
}
