/* Tangled from chapters/03-text-on-the-screen.nw. Edit the chapter, not this file. */
#include "serial.h"
#include "io.h"

enum {
    COM1 = 0x3F8,
    UART_DATA = 0, UART_LINE_STATUS = 5,
    STATUS_TRANSMIT_READY = 0x20,
};

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
