/* Tangled from chapters/05-cpu-exceptions.nw. Edit the chapter, not this file. */
#ifndef INTERRUPTS_H
#define INTERRUPTS_H
#include <stdint.h>

struct interrupt_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;     /* pushed by the processor */
};

typedef void (*interrupt_handler)(struct interrupt_frame *frame);

void idt_init(void);
void interrupt_register(uint8_t vector, interrupt_handler handler);
void interrupt_dispatch(struct interrupt_frame *frame);
void exceptions_init(void);
_Noreturn void exception_fatal(struct interrupt_frame *frame);

/* An address the kernel never maps, on any machine (chapter 5's tests). */
#define NEVER_MAPPED_ADDRESS 0x0000700000000000ull

#define RFLAGS_IF (1u << 9)

static inline void interrupts_enable(void)
{
    __asm__ volatile("sti" ::: "memory");
}

static inline void interrupts_disable(void)
{
    __asm__ volatile("cli" ::: "memory");
}

static inline uint64_t interrupts_save_and_disable(void)
{
    uint64_t flags;
    __asm__ volatile("pushfq; pop %0; cli" : "=r"(flags) : : "memory");
    return flags;
}

static inline void interrupts_restore(uint64_t flags)
{
    if (flags & RFLAGS_IF)
        __asm__ volatile("sti" ::: "memory");
}
#endif
