/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#include "serial_input.h"
#include "interrupts.h"
#include "io.h"
#include "irq.h"
#include "panic.h"
#include "ring.h"
#include "serial.h"

#define SERIAL_LISTENERS 8
#define MODEM_OUT2 0x08
#define INTERRUPT_ON_DATA 0x01

static struct ring received;
static serial_listener listeners[SERIAL_LISTENERS];
static uint32_t listener_count;

static void serial_irq(void)
{
    while (inb(COM1 + UART_LINE_STATUS) & STATUS_DATA_READY) {
        uint8_t byte = inb(COM1 + UART_DATA);
        ring_push(&received, byte);
        for (uint32_t i = 0; i < listener_count; i++)
            listeners[i](byte);
    }
}

void serial_input_init(void)
{
    if (inb(COM1 + UART_LINE_STATUS) == 0xFF)
        return;                                 /* no UART answers at COM1 */
    while (inb(COM1 + UART_LINE_STATUS) & STATUS_DATA_READY)
        inb(COM1 + UART_DATA);
    irq_register(4, serial_irq);
    outb(COM1 + UART_MODEM_CONTROL, inb(COM1 + UART_MODEM_CONTROL) | MODEM_OUT2);
    outb(COM1 + UART_INTERRUPT_ENABLE, INTERRUPT_ON_DATA);
}

void serial_input_listen(serial_listener listener)
{
    if (listener_count == SERIAL_LISTENERS)
        panic("serial: more than %d listeners", SERIAL_LISTENERS);
    uint64_t saved = interrupts_save_and_disable();
    listeners[listener_count++] = listener;
    interrupts_restore(saved);
}

bool serial_input_read(uint8_t *byte)
{
    return ring_pop(&received, byte);
}
