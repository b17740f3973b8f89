/* Tangled from chapters/07-hardware-interrupts.nw (with 14-processes.nw). Edit the chapter, not this file. */
#include "irq.h"
#include "interrupts.h"
#include "pic.h"
#include "console.h"

static irq_handler irq_handlers[16];
static struct irq_counts counts;

static void irq_entry(struct interrupt_frame *frame)
{
    uint8_t irq = (uint8_t)(frame->vector - PIC_FIRST_VECTOR);

    if (pic_irq_is_spurious(irq)) {
        if (irq == 7) {
            counts.spurious7++;
        } else {
            counts.spurious15++;
            pic_end_of_interrupt(2);      /* the master did see the cascade */
        }
        return;
    }
    if (irq_handlers[irq] != NULL) {
        irq_handlers[irq]();
    } else if (counts.unclaimed++ == 0) {
        kprintf("irq: IRQ %u arrived with no handler (reported once)\n", irq);
    }
    pic_end_of_interrupt(irq);
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

void irq_register(uint8_t irq, irq_handler handler)
{
    irq_handlers[irq] = handler;
    pic_unmask(irq);
}

struct irq_counts irq_counts(void)
{
    return counts;
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
