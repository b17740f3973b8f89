/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#include "echo.h"
#include "console.h"
#include "irq.h"
#include "keyboard.h"

#define ECHO_LINE_MAX 70

void echo_key(char c, unsigned *length)
{
    if (c == '\b') {
        if (*length > 0) {
            (*length)--;
            console_write("\b", 1);
        }
    } else if (c == '\n') {
        console_write("\n> ", 3);
        *length = 0;
    } else if (c >= ' ' && *length < ECHO_LINE_MAX) {
        console_write(&c, 1);
        (*length)++;
    }
}

_Noreturn void echo_forever(void)
{
    unsigned length = 0, dropped_seen = 0;
    kprintf("Type something; the kernel echoes it.\n> ");
    for (;;) {
        wait_for_interrupt_unless(keyboard_has_input);
        struct key_event e;
        while (keyboard_read(&e))
            if (e.pressed && e.ch != 0)
                echo_key(e.ch, &length);
        echo_report_drops(&dropped_seen, &length);
    }
}

void echo_report_drops(unsigned *dropped_seen, unsigned *length)
{
    if (keyboard_dropped() != *dropped_seen) {
        *dropped_seen = keyboard_dropped();
        kprintf("\n[%u keys dropped so far]\n> ", *dropped_seen);
        *length = 0;
    }
}
__attribute__((weak)) void kernel_work(void)
{
    echo_forever();
}
