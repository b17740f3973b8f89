/* Tangled from chapters/05-cpu-exceptions.nw. Edit the chapter, not this file. */
#include "ktest.h"
#include "interrupts.h"
#include <stdint.h>

extern uint64_t breakpoints_seen;

KTEST(breakpoint_resumes)
{
    uint64_t before = breakpoints_seen;
    volatile int after = 0;
    __asm__ volatile("int3" ::: "memory");
    after = 1;
    KEXPECT(breakpoints_seen == before + 1);
    KEXPECT(after == 1);
}
KTEST_EXPECT_PANIC(page_fault_is_reported)
{
    *(volatile uint64_t *)NEVER_MAPPED_ADDRESS = 1;
}

KTEST_EXPECT_PANIC(invalid_opcode_is_reported)
{
    __asm__ volatile("ud2");
}

KTEST_EXPECT_PANIC(unexpected_vector_is_reported)
{
    __asm__ volatile("int $0x90");
}
