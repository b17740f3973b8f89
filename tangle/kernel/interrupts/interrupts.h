/* Tangled from chapters/05-cpu-exceptions.nw (with 07-hardware-interrupts.nw). Edit the chapter, not this file. */
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
void interrupt_use_stack(uint8_t vector, uint8_t ist);
void interrupt_dispatch(struct interrupt_frame *frame);
void exceptions_init(void);
_Noreturn void exception_fatal(struct interrupt_frame *frame);
uint64_t read_cr2(void);
void exception_report(const struct interrupt_frame *f, uint64_t cr2);

/* An address the kernel never maps, on any machine (chapter 5's tests). */
#define NEVER_MAPPED_ADDRESS 0x0000700000000000ull

#define RFLAGS_IF (1u << 9)
/* chapter 7 adds the time-stamp counter here */
extern uint64_t interrupts_off_since, interrupts_off_longest;

static inline uint64_t interrupts_time_stamp(void)
{
    uint32_t low, high;
    __asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
    return (uint64_t)high << 32 | low;
}

static inline void interrupts_enable(void)
{
    /* chapter 7 keeps the longest window here */
    if (interrupts_off_since != 0) {
        uint64_t window = interrupts_time_stamp() - interrupts_off_since;
        if (window > interrupts_off_longest)
            interrupts_off_longest = window;
    }
    __asm__ volatile("sti" ::: "memory");
}

static inline void interrupts_disable(void)
{
    __asm__ volatile("cli" ::: "memory");
    /* chapter 7 notes the time here */
    interrupts_off_since = interrupts_time_stamp();
}

static inline uint64_t interrupts_save_and_disable(void)
{
    uint64_t flags;
    __asm__ volatile("pushfq; pop %0; cli" : "=r"(flags) : : "memory");
    if (flags & RFLAGS_IF) {
        /* chapter 7 notes the time here */
        interrupts_off_since = interrupts_time_stamp();
    }
    return flags;
}

static inline void interrupts_restore(uint64_t flags)
{
    if (flags & RFLAGS_IF) {
        /* chapter 7 keeps the longest window here */
        if (interrupts_off_since != 0) {
            uint64_t window = interrupts_time_stamp() - interrupts_off_since;
            if (window > interrupts_off_longest)
                interrupts_off_longest = window;
        }
        __asm__ volatile("sti" ::: "memory");
    }
}

/* The window ends at the sti of an idle "sti; hlt", which has no helper. */
static inline void interrupts_waking_to_sleep(void)
{
    /* chapter 7 keeps the longest window here */
    if (interrupts_off_since != 0) {
        uint64_t window = interrupts_time_stamp() - interrupts_off_since;
        if (window > interrupts_off_longest)
            interrupts_off_longest = window;
    }
}
#endif
