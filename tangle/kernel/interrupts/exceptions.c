/* Tangled from chapters/05-cpu-exceptions.nw. Edit the chapter, not this file. */
#include "interrupts.h"
#include "console.h"
#include "panic.h"

static const char *const exception_names[32] = {
    [0] = "divide error (#DE)",              [1] = "debug (#DB)",
    [2] = "non-maskable interrupt (NMI)",    [3] = "breakpoint (#BP)",
    [4] = "overflow (#OF)",                  [5] = "BOUND range exceeded (#BR)",
    [6] = "invalid opcode (#UD)",            [7] = "device not available (#NM)",
    [8] = "double fault (#DF)",              [9] = "coprocessor segment overrun",
    [10] = "invalid TSS (#TS)",              [11] = "segment not present (#NP)",
    [12] = "stack-segment fault (#SS)",      [13] = "general protection (#GP)",
    [14] = "page fault (#PF)",               [16] = "x87 floating-point error (#MF)",
    [17] = "alignment check (#AC)",          [18] = "machine check (#MC)",
    [19] = "SIMD floating-point (#XM)",      [20] = "virtualization (#VE)",
    [21] = "control protection (#CP)",       [28] = "hypervisor injection (#HV)",
    [29] = "VMM communication (#VC)",        [30] = "security (#SX)",
};

static const char *exception_name(uint64_t vector)
{
    if (vector < 32 && exception_names[vector] != NULL)
        return exception_names[vector];
    return vector < 32 ? "reserved" : "not an exception";
}

static const char *explained_in(uint64_t vector)
{
    switch (vector) {
    case 8: return "chapter 6, Double faults";
    default: return "chapter 5, CPU exceptions";
    }
}
static void explain_page_fault(uint64_t code)
{
    kprintf("  cause: %s, %s, %s mode%s%s\n",
            code & 1 ? "protection violation" : "page not present",
            code & 2 ? "write" : "read",
            code & 4 ? "user" : "kernel",
            code & 8 ? ", reserved bit set" : "",
            code & 16 ? ", instruction fetch" : "");
}

static void explain_selector(uint64_t code)
{
    if (code == 0)
        return;
    const char *table = code & 2 ? "IDT" : (code & 4 ? "LDT" : "GDT");
    kprintf("  cause: %s entry %llu%s\n", table,
            (unsigned long long)((code >> 3) & 0x1FFF),
            code & 1 ? ", raised by an external event" : "");
}
uint64_t read_cr2(void)
{
    uint64_t value;
    __asm__ volatile("mov %%cr2, %0" : "=r"(value));
    return value;
}

void exception_report(const struct interrupt_frame *f, uint64_t cr2)
{
    kprintf("\nEXCEPTION %llu: %s\n", (unsigned long long)f->vector,
            exception_name(f->vector));
    kprintf("  error code 0x%llx\n", (unsigned long long)f->error_code);
    if (f->vector == 14) {
        kprintf("  address (CR2) 0x%016llx\n", (unsigned long long)cr2);
        explain_page_fault(f->error_code);
    } else if (f->vector >= 10 && f->vector <= 13) {
        explain_selector(f->error_code);
    }
    kprintf("  RIP 0x%016llx  RSP 0x%016llx  RFLAGS 0x%llx  CS 0x%llx\n",
            (unsigned long long)f->rip, (unsigned long long)f->rsp,
            (unsigned long long)f->rflags, (unsigned long long)f->cs);
    kprintf("  explained in %s\n", explained_in(f->vector));
}

_Noreturn void exception_fatal(struct interrupt_frame *frame)
{
    uint64_t cr2 = read_cr2();
    console_set_colour(VGA_WHITE, VGA_RED);
    exception_report(frame, cr2);
    panic("%s (vector %llu) stopped the kernel", exception_name(frame->vector),
          (unsigned long long)frame->vector);
}
uint64_t breakpoints_seen;

static void breakpoint(struct interrupt_frame *frame)
{
    breakpoints_seen++;
    kprintf("breakpoint at RIP 0x%016llx; resuming\n", (unsigned long long)frame->rip);
}

static void unhandled(struct interrupt_frame *frame)
{
    if (frame->vector >= 32)
        kprintf("\nunexpected interrupt vector %llu at RIP 0x%016llx\n",
                (unsigned long long)frame->vector, (unsigned long long)frame->rip);
    exception_fatal(frame);
}

void exceptions_init(void)
{
    interrupt_unhandled = unhandled;
    interrupt_register(3, breakpoint);
}
