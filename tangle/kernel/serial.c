/* Tangled from chapters/03-text-on-the-screen.nw. Edit the chapter, not this file. */
#include "serial.h"
#include "io.h"

enum {
    COM1 = 0x3F8,
    UART_DATA = 0, UART_INTERRUPTS = 1, UART_FIFO = 2,
    UART_LINE_CONTROL = 3, UART_MODEM_CONTROL = 4, UART_LINE_STATUS = 5,
    LINE_DLAB = 0x80, LINE_8N1 = 0x03,
    STATUS_TRANSMIT_READY = 0x20,
};

void serial_init(void)
{
    outb(COM1 + UART_INTERRUPTS, 0);
    outb(COM1 + UART_LINE_CONTROL, LINE_DLAB);
    outb(COM1 + UART_DATA, 1);          /* divisor 1: 115200 baud */
    outb(COM1 + UART_INTERRUPTS, 0);    /* divisor high byte */
    outb(COM1 + UART_LINE_CONTROL, LINE_8N1);
    outb(COM1 + UART_FIFO, 0xC7);
    outb(COM1 + UART_MODEM_CONTROL, 0x03);
}

static void serial_putc(char c)
{
    while ((inb(COM1 + UART_LINE_STATUS) & STATUS_TRANSMIT_READY) == 0)
        ;
    outb(COM1 + UART_DATA, (uint8_t)c);
}

void serial_write(const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++)
        serial_putc(text[i]);
}
