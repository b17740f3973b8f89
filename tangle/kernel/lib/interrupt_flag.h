/* Tangled from chapters/05-cpu-exceptions.nw (with 07-hardware-interrupts.nw). Edit the chapter, not this file. */
#ifndef INTERRUPT_FLAG_H
#define INTERRUPT_FLAG_H
#include <stdint.h>

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
