/* Tangled from chapters/06-double-faults.nw. Edit the chapter, not this file. */
#ifndef GDT_H
#define GDT_H
#include <stdint.h>

enum {
    GDT_KERNEL_CODE = 0x08,
    GDT_KERNEL_DATA = 0x10,
    GDT_TSS = 0x18,
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
#endif
