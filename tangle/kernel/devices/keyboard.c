/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#include "keyboard.h"
#include "console.h"
#include "interrupts.h"
#include "io.h"
#include "irq.h"
#include "panic.h"
#include "ring.h"

enum { PS2_DATA = 0x60, PS2_STATUS = 0x64, PS2_OUTPUT_FULL = 0x01 };
#define KEYBOARD_LISTENERS 8

static struct ring scancodes;
static struct keyboard_state state;
static keyboard_listener listeners[KEYBOARD_LISTENERS];
static uint32_t listener_count;

void keyboard_listen(keyboard_listener listener)
{
    if (listener_count == KEYBOARD_LISTENERS)
        panic("keyboard: more than %d listeners", KEYBOARD_LISTENERS);
    uint64_t saved = interrupts_save_and_disable();
    listeners[listener_count] = listener;
    listener_count++;
    interrupts_restore(saved);
}

void keyboard_receive(uint8_t scancode)
{
    ring_push(&scancodes, scancode);
    for (uint32_t i = 0; i < listener_count; i++)
        listeners[i](scancode);
}

static void keyboard_irq(void)
{
    keyboard_receive(inb(PS2_DATA));
}

void keyboard_init(void)
{
    if (inb(PS2_STATUS) == 0xFF) {
        kprintf("keyboard: no PS/2 controller answers at port 0x64; no keyboard\n");
        return;
    }
    for (int i = 0; i < 16 && (inb(PS2_STATUS) & PS2_OUTPUT_FULL); i++)
        inb(PS2_DATA);                          /* discard bytes from before us */
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
