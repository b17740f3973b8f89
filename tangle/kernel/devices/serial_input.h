/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#ifndef SERIAL_INPUT_H
#define SERIAL_INPUT_H
#include <stdbool.h>
#include <stdint.h>

typedef void (*serial_listener)(uint8_t byte);

void serial_input_init(void);
void serial_input_listen(serial_listener listener);
bool serial_input_read(uint8_t *byte);
#endif
