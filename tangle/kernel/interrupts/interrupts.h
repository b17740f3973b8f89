/* Tangled from chapters/05-cpu-exceptions.nw. Edit the chapter, not this file. */
#ifndef INTERRUPTS_H
#define INTERRUPTS_H
#include <stdint.h>
#include "interrupt_flag.h"

struct interrupt_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;     /* pushed by the processor */
};

typedef void (*interrupt_handler)(struct interrupt_frame *frame);

void idt_init(void);
void interrupt_register(uint8_t vector, interrupt_handler handler);
void interrupt_use_stack(uint8_t vector, uint8_t ist);
void interrupt_dispatch(struct interrupt_frame *frame);
extern interrupt_handler interrupt_unhandled;   /* for vectors without a handler */
void exceptions_init(void);
_Noreturn void exception_fatal(struct interrupt_frame *frame);
uint64_t read_cr2(void);
void exception_report(const struct interrupt_frame *f, uint64_t cr2);

/* An address the kernel never maps, on any machine (chapter 5's tests). */
#define NEVER_MAPPED_ADDRESS 0x0000700000000000ull
#endif
