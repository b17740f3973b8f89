/* Tangled from chapters/07-hardware-interrupts.nw (with 14-processes.nw, 17-acpi-and-the-apic.nw). Edit the chapter, not this file. */
#ifndef IRQ_H
#define IRQ_H
#include <stdbool.h>
#include <stdint.h>

typedef void (*irq_handler)(void);

struct irq_counts {
    uint64_t spurious7, spurious15, unclaimed;
};

struct interrupt_controller {
    const char *name;
    void (*unmask)(uint8_t irq);
    void (*end_of_interrupt)(uint8_t irq);
    bool (*is_spurious)(uint8_t irq);
};

void irq_init(void);
bool irq_register(uint8_t irq, irq_handler handler);
struct irq_counts irq_counts(void);
void wait_for_interrupt_unless(bool (*ready)(void));    /* see "sleeping correctly" */
const char *irq_controller_name(void);
/* chapter 14 adds the hook it switches threads with here */
struct interrupt_frame;
extern void (*irq_acknowledged)(struct interrupt_frame *frame);
void irq_use_controller(const struct interrupt_controller *next);
#endif
