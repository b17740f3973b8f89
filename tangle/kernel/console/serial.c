/* Tangled from chapters/03-text-on-the-screen.nw (with 07-hardware-interrupts.nw). Edit the chapter, not this file. */
#include "serial.h"
#include "io.h"
#include <stdbool.h>
#include <stdint.h>
#include "interrupt_flag.h"

#define SERIAL_QUEUE_SIZE 4096u

static char queue[SERIAL_QUEUE_SIZE];
static uint32_t head, tail;

static bool send_one(void)
{
    if (head == tail || !(inb(COM1 + UART_LINE_STATUS) & STATUS_TRANSMIT_READY))
        return false;
    outb(COM1 + UART_DATA, (uint8_t)queue[tail++ % SERIAL_QUEUE_SIZE]);
    return true;
}

void serial_queue(const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        while (head - tail == SERIAL_QUEUE_SIZE)
            send_one();
        queue[head++ % SERIAL_QUEUE_SIZE] = text[i];
    }
}
void serial_flush(void)
{
    for (;;) {
        /* chapter 7: interrupts off while one byte is handed over */
        uint64_t saved_flags = interrupts_save_and_disable();
        bool empty = head == tail;
        send_one();
        /* chapter 7: interrupts back as they were */
        interrupts_restore(saved_flags);
        if (empty)
            return;
    }
}
