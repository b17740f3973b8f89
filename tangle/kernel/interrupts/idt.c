/* Tangled from chapters/05-cpu-exceptions.nw. Edit the chapter, not this file. */
#include "interrupts.h"
#include <stddef.h>

struct idt_gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attributes;
    uint16_t offset_middle;
    uint32_t offset_high;
    uint32_t reserved;
} __attribute__((packed));

struct idt_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

enum {
    KERNEL_CODE_SELECTOR = 0x08,
    GATE_INTERRUPT = 0x8E,      /* present, DPL 0, 64-bit interrupt gate */
};

extern const uint64_t interrupt_stub_table[256];
static struct idt_gate idt[256] __attribute__((aligned(16)));
static interrupt_handler handlers[256];

static void idt_set_gate(uint8_t vector, uint64_t address, uint8_t ist)
{
    struct idt_gate *g = &idt[vector];
    g->offset_low = (uint16_t)address;
    g->selector = KERNEL_CODE_SELECTOR;
    g->ist = ist & 0x7;
    g->type_attributes = GATE_INTERRUPT;
    g->offset_middle = (uint16_t)(address >> 16);
    g->offset_high = (uint32_t)(address >> 32);
    g->reserved = 0;
}
void idt_init(void)
{
    for (int v = 0; v < 256; v++)
        idt_set_gate((uint8_t)v, interrupt_stub_table[v], 0);
    struct idt_pointer p = {sizeof idt - 1, (uint64_t)(uintptr_t)idt};
    __asm__ volatile("lidt %0" : : "m"(p));
}

void interrupt_register(uint8_t vector, interrupt_handler handler)
{
    handlers[vector] = handler;
}

void interrupt_use_stack(uint8_t vector, uint8_t ist)
{
    idt[vector].ist = ist & 0x7;
}
interrupt_handler interrupt_unhandled;

void interrupt_dispatch(struct interrupt_frame *frame)
{
    interrupt_handler h = handlers[frame->vector & 0xFF];
    if (h == NULL)
        h = interrupt_unhandled;
    if (h != NULL)
        h(frame);
    else
        for (;;)
            __asm__ volatile("cli; hlt");
}
