/* Tangled from chapters/11-async-tasks.nw. Edit the chapter, not this file. */
#include "keystream.h"
#include "keyboard.h"
#include "serial_input.h"
#include <stddef.h>

static struct waker key_waiter;

static bool in_escape;          /* inside an escape sequence, after its ESC */

bool serial_key_read(struct key_event *event)
{
    uint8_t byte;
    while (serial_input_read(&byte)) {
        if (in_escape) {        /* ends at its final byte, a letter or ~ */
            in_escape = byte == '[' || byte < 0x40;
            continue;
        }
        char c = byte == '\r' ? '\n' : byte == 0x7F ? '\b' : (char)byte;
        if (byte == 0x1B)
            in_escape = true;
        else if (byte != 0 && byte < 0x80) {
            *event = (struct key_event){.pressed = true, .ch = c};
            return true;
        }
    }
    return false;
}

static enum poll_result key_poll(struct future *self, struct waker waker)
{
    struct key_future *k = (struct key_future *)self;
    uint64_t saved = executor_lock();
    key_waiter = waker;
    executor_unlock(saved);
    if (keyboard_read(&k->event) || serial_key_read(&k->event))
        return POLL_READY;
    return POLL_PENDING;
}

void key_future_init(struct key_future *k)
{
    k->base.poll = key_poll;
}

void keystream_notify(uint8_t scancode)
{
    (void)scancode;                 /* any byte may complete a key */
    struct waker w = key_waiter;
    key_waiter.task = NULL;
    waker_wake(w);
}
