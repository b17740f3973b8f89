/* Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file. */
#include "syscall.h"
#include <stddef.h>
#include "gdt.h"
#include "interrupts.h"
#include "panic.h"
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

static syscall_handler handlers[SYSCALL_LIMIT];
static void (*end_program_at)(uint64_t rip);    /* user.c's: ends the program */

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

void syscall_init(void (*end_program)(uint64_t rip))
{
    end_program_at = end_program;
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

void syscall_register(uint64_t number, syscall_handler handler)
{
    if (number >= SYSCALL_LIMIT || handlers[number] != NULL)
        panic("system call %llu registered twice or out of range",
              (unsigned long long)number);
    handlers[number] = handler;
}

void syscall_dispatch(struct syscall_frame *frame)
{
    uint64_t number = frame->rax;
    if (number < SYSCALL_LIMIT && handlers[number] != NULL)
        frame->rax = (uint64_t)handlers[number](frame);
    else
        frame->rax = (uint64_t)-E_NOSYS;
    if (frame->rip < USER_START || frame->rip >= USER_END)
        end_program_at(frame->rip);
}
