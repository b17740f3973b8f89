/* Tangled from chapters/03-text-on-the-screen.nw. Edit the chapter, not this file. */
#ifndef SERIAL_H
#define SERIAL_H
#include <stddef.h>

enum {                          /* the 16550 UART of COM1: ports and bits */
    COM1 = 0x3F8,
    UART_DATA = 0, UART_INTERRUPT_ENABLE = 1, UART_MODEM_CONTROL = 4,
    UART_LINE_STATUS = 5,
    STATUS_DATA_READY = 0x01, STATUS_TRANSMIT_READY = 0x20,
};

void serial_queue(const char *text, size_t length);
void serial_flush(void);
#endif
