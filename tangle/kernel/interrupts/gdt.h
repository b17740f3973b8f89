/* Tangled from chapters/06-double-faults.nw (with 13-user-mode.nw). Edit the chapter, not this file. */
#ifndef GDT_H
#define GDT_H
#include <stdint.h>

enum {
    GDT_KERNEL_CODE = 0x08,
    GDT_KERNEL_DATA = 0x10,
    /* chapter 13 adds the user-mode selectors here */
    GDT_USER_DATA = 0x18,       /* sysret takes data at STAR's base + 8 ... */
    GDT_USER_CODE = 0x20,       /* ... and code at base + 16 */
    IST_NMI = 2,                /* the IST slots of the NMI ... */
    IST_MACHINE_CHECK = 3,      /* ... and of the machine check */
    GDT_TSS = 0x28,             /* after two slots kept for user mode */
    IST_DOUBLE_FAULT = 1,       /* the IST slot the double-fault gate uses */
};

struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

void gdt_init(void);
/* chapter 13 adds a setter for the TSS's RSP0 here */
void gdt_set_kernel_stack(uint64_t top);
void gdt_set_interrupt_stack(uint8_t ist, uint64_t top);
#endif
