/* Tangled from chapters/06-double-faults.nw (with 13-user-mode.nw). Edit the chapter, not this file. */
#include "gdt.h"
#include <stddef.h>

static uint64_t segment_descriptor(uint32_t base, uint32_t limit,
                                   uint8_t access, uint8_t flags)
{
    return (uint64_t)(limit & 0xFFFF)
         | (uint64_t)(base & 0xFFFFFF) << 16
         | (uint64_t)access << 40
         | (uint64_t)((limit >> 16) & 0xF) << 48
         | (uint64_t)(flags & 0xF) << 52
         | (uint64_t)((base >> 24) & 0xFF) << 56;
}

static void tss_descriptor(uint64_t out[2], uint64_t base, uint32_t limit)
{
    out[0] = segment_descriptor((uint32_t)base, limit, 0x89, 0x0);
    out[1] = base >> 32;
}
#define DOUBLE_FAULT_STACK_SIZE 16384

uint8_t double_fault_stack_area[4096 + DOUBLE_FAULT_STACK_SIZE]
    __attribute__((aligned(4096)));
#define double_fault_stack (double_fault_stack_area + 4096)
static struct tss tss;
static uint64_t gdt[7];

struct gdt_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));
void gdt_init(void)
{
    tss.ist[IST_DOUBLE_FAULT - 1] = (uint64_t)(uintptr_t)(double_fault_stack
                                                          + DOUBLE_FAULT_STACK_SIZE);
    tss.iomap_base = sizeof tss;

    gdt[0] = 0;
    gdt[1] = segment_descriptor(0, 0xFFFFF, 0x9A, 0xA);
    gdt[2] = segment_descriptor(0, 0xFFFFF, 0x92, 0xC);
    /* chapter 13 fills entries 3 and 4 here */
    gdt[3] = segment_descriptor(0, 0xFFFFF, 0xF2, 0xC);
    gdt[4] = segment_descriptor(0, 0xFFFFF, 0xFA, 0xA);
    tss_descriptor(&gdt[5], (uint64_t)(uintptr_t)&tss, sizeof tss - 1);

    struct gdt_pointer p = {sizeof gdt - 1, (uint64_t)(uintptr_t)gdt};
    __asm__ volatile(
        "lgdt %0\n\t"
        "pushq %1\n\t"
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "mov %2, %%ds\n\t"
        "mov %2, %%es\n\t"
        "mov %2, %%ss\n\t"
        : : "m"(p), "i"(GDT_KERNEL_CODE), "r"((uint64_t)GDT_KERNEL_DATA)
        : "rax", "memory");
    __asm__ volatile("ltr %0" : : "r"((uint16_t)GDT_TSS));
}

void gdt_set_kernel_stack(uint64_t top)
{
    tss.rsp[0] = top;
}

void gdt_set_interrupt_stack(uint8_t ist, uint64_t top)
{
    tss.ist[ist - 1] = top;
}
