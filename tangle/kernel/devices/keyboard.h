/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#ifndef KEYBOARD_H
#define KEYBOARD_H
#include <stdbool.h>
#include <stdint.h>
#include "scancode.h"

typedef void (*keyboard_listener)(uint8_t scancode);

void keyboard_init(void);
void keyboard_listen(keyboard_listener listener);
void keyboard_receive(uint8_t scancode);
bool keyboard_has_input(void);
bool keyboard_read(struct key_event *event);
uint32_t keyboard_dropped(void);
#endif
