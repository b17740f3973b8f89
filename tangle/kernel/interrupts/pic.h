/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#ifndef PIC_H
#define PIC_H
#include <stdbool.h>
#include <stdint.h>

#define PIC_FIRST_VECTOR 32     /* IRQ n arrives as vector 32 + n */

void pic_init(void);
void pic_unmask(uint8_t irq);
void pic_mask(uint8_t irq);
void pic_end_of_interrupt(uint8_t irq);
bool pic_irq_is_spurious(uint8_t irq);
#endif
