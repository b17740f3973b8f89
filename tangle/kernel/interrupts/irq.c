/* Tangled from chapters/07-hardware-interrupts.nw (with 14-processes.nw, 17-acpi-and-the-apic.nw). Edit the chapter, not this file. */
#include "irq.h"
#include "interrupts.h"
#include "pic.h"
#include "console.h"

static irq_handler irq_handlers[16];
static struct irq_counts counts;
static const struct interrupt_controller pic_controller = {
    "8259 PIC", pic_unmask, pic_end_of_interrupt, pic_irq_is_spurious,
};
static const struct interrupt_controller *controller = &pic_controller;

static void irq_entry(struct interrupt_frame *frame)
{
    uint8_t irq = (uint8_t)(frame->vector - PIC_FIRST_VECTOR);

    if (controller->is_spurious(irq)) {
        if (irq == 7) {
            counts.spurious7++;
        } else {
            counts.spurious15++;
            controller->end_of_interrupt(2);  /* the master did see the cascade */
        }
        return;
    }
    if (irq_handlers[irq] != NULL) {
        irq_handlers[irq]();
    } else if (counts.unclaimed++ == 0) {
        kprintf("irq: IRQ %u arrived with no handler (reported once)\n", irq);
    }
    controller->end_of_interrupt(irq);
    /* chapter 14 may switch to another thread here */
    if (irq_acknowledged != NULL)
        irq_acknowledged(frame);
}

void irq_init(void)
{
    pic_init();
    for (int irq = 0; irq < 16; irq++)
        interrupt_register((uint8_t)(PIC_FIRST_VECTOR + irq), irq_entry);
}

bool irq_register(uint8_t irq, irq_handler handler)
{
    if (irq >= 16 || (irq_handlers[irq] != NULL && irq_handlers[irq] != handler))
        return false;
    irq_handlers[irq] = handler;
    controller->unmask(irq);
    return true;
}

struct irq_counts irq_counts(void)
{
    return counts;
}

const char *irq_controller_name(void)
{
    return controller->name;
}
void wait_for_interrupt_unless(bool (*ready)(void))
{
    interrupts_disable();
    if (ready()) {
        interrupts_enable();
    } else {
        interrupts_waking_to_sleep();
        __asm__ volatile("sti; hlt" ::: "memory");
    }
}

void (*irq_acknowledged)(struct interrupt_frame *frame);

void irq_use_controller(const struct interrupt_controller *next)
{
    uint64_t flags = interrupts_save_and_disable();
    controller = next;
    for (int irq = 0; irq < 16; irq++)
        if (irq_handlers[irq] != NULL)
            controller->unmask((uint8_t)irq);
    interrupts_restore(flags);
}
