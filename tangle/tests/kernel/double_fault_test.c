/* Tangled from chapters/06-double-faults.nw. Edit the chapter, not this file. */
#include "ktest.h"
#include "gdt.h"
#include "overflow.h"
#include <stdint.h>

#define HOLE_START (64ull << 20)
#define TEST_STACK_TOP (68ull << 20)
#define PAGE_ADDRESS_MASK 0x000FFFFFFFFFF000ull

static void unmap_2mib_page(uint64_t address)
{
    uint64_t cr3;
    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    uint64_t *pml4 = (uint64_t *)(cr3 & PAGE_ADDRESS_MASK);
    uint64_t *pdpt = (uint64_t *)(pml4[0] & PAGE_ADDRESS_MASK);
    uint64_t *pd = (uint64_t *)(pdpt[0] & PAGE_ADDRESS_MASK);
    pd[address >> 21] = 0;
    __asm__ volatile("invlpg (%0)" : : "r"(address) : "memory");
}
KTEST_EXPECT_PANIC(stack_overflow_reaches_double_fault_handler)
{
    unmap_2mib_page(HOLE_START);
    __asm__ volatile("mov %0, %%rsp\n\t"
                     "xor %%edi, %%edi\n\t"
                     "call *%1"
                     : : "r"(TEST_STACK_TOP), "r"(overflow_the_stack) : "memory");
}
KTEST(task_register_holds_the_tss)
{
    uint16_t tr;
    __asm__ volatile("str %0" : "=r"(tr));
    KEXPECT(tr == GDT_TSS);
}
