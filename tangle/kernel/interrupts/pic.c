/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#include "pic.h"
#include "io.h"

enum {
    MASTER_COMMAND = 0x20, MASTER_DATA = 0x21,
    SLAVE_COMMAND = 0xA0, SLAVE_DATA = 0xA1,
    ICW1_INIT_WITH_ICW4 = 0x11, ICW4_8086 = 0x01,
    CASCADE_IRQ = 2,
    OCW2_END_OF_INTERRUPT = 0x20,
    OCW3_READ_IN_SERVICE = 0x0B,
};

static void io_wait(void)
{
    outb(0x80, 0);
}

static void pic_write(uint16_t port, uint8_t value)
{
    outb(port, value);
    io_wait();
}

void pic_init(void)
{
    pic_write(MASTER_COMMAND, ICW1_INIT_WITH_ICW4);
    pic_write(SLAVE_COMMAND, ICW1_INIT_WITH_ICW4);
    pic_write(MASTER_DATA, PIC_FIRST_VECTOR);
    pic_write(SLAVE_DATA, PIC_FIRST_VECTOR + 8);
    pic_write(MASTER_DATA, 1 << CASCADE_IRQ);
    pic_write(SLAVE_DATA, CASCADE_IRQ);
    pic_write(MASTER_DATA, ICW4_8086);
    pic_write(SLAVE_DATA, ICW4_8086);
    pic_write(MASTER_DATA, (uint8_t)~(1 << CASCADE_IRQ));  /* all but the cascade */
    pic_write(SLAVE_DATA, 0xFF);
}
static uint16_t data_port(uint8_t irq)
{
    return irq < 8 ? MASTER_DATA : SLAVE_DATA;
}

void pic_unmask(uint8_t irq)
{
    uint16_t port = data_port(irq);
    outb(port, inb(port) & (uint8_t)~(1 << (irq & 7)));
}

void pic_mask(uint8_t irq)
{
    uint16_t port = data_port(irq);
    outb(port, inb(port) | (uint8_t)(1 << (irq & 7)));
}
void pic_end_of_interrupt(uint8_t irq)
{
    if (irq >= 8)
        outb(SLAVE_COMMAND, OCW2_END_OF_INTERRUPT);
    outb(MASTER_COMMAND, OCW2_END_OF_INTERRUPT);
}
static uint8_t in_service(uint16_t command_port)
{
    outb(command_port, OCW3_READ_IN_SERVICE);
    return inb(command_port);
}

bool pic_irq_is_spurious(uint8_t irq)
{
    if (irq == 7)
        return (in_service(MASTER_COMMAND) & 0x80) == 0;
    if (irq == 15)
        return (in_service(SLAVE_COMMAND) & 0x80) == 0;
    return false;
}
