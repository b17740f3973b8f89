/* Tangled from chapters/07-hardware-interrupts.nw (with 11-async-tasks.nw, 12-a-shell.nw). Edit the chapter, not this file. */
#include "keyboard.h"
#include "io.h"
#include "irq.h"
#include "ring.h"

enum { PS2_DATA = 0x60, PS2_STATUS = 0x64, PS2_OUTPUT_FULL = 0x01 };

static struct ring scancodes;
static struct keyboard_state state;

void keyboard_receive(uint8_t scancode)
{
    ring_push(&scancodes, scancode);
    /* chapter 11 wakes the task waiting for a key here */
    void keystream_notify(void);
    keystream_notify();
    void key_latency_interrupt(void);
    key_latency_interrupt();
}

static void keyboard_irq(void)
{
    keyboard_receive(inb(PS2_DATA));
}

void keyboard_init(void)
{
    while (inb(PS2_STATUS) & PS2_OUTPUT_FULL)   /* discard bytes from before us */
        inb(PS2_DATA);
    irq_register(1, keyboard_irq);
}

bool keyboard_has_input(void)
{
    return ring_count(&scancodes) > 0;
}

bool keyboard_read(struct key_event *event)
{
    uint8_t byte;
    while (ring_pop(&scancodes, &byte))
        if (scancode_decode(&state, byte, event))
            return true;
    return false;
}

uint32_t keyboard_dropped(void)
{
    return atomic_load(&scancodes.dropped);
}
