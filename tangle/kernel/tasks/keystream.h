/* Tangled from chapters/11-async-tasks.nw. Edit the chapter, not this file. */
#ifndef KEYSTREAM_H
#define KEYSTREAM_H
#include "future.h"
#include "scancode.h"

struct key_future {
    struct future base;
    struct key_event event;         /* the key, once ready */
};

void key_future_init(struct key_future *k);
void keystream_notify(uint8_t scancode);
bool serial_key_read(struct key_event *event);
#endif
