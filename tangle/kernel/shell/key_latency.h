/* Tangled from chapters/12-a-shell.nw. Edit the chapter, not this file. */
#ifndef KEY_LATENCY_H
#define KEY_LATENCY_H
#include <stdint.h>

void key_latency_start(void);
void key_latency_interrupt(uint8_t scancode);
void key_latency_echoed(uint64_t write_start);
void key_latency_command(char *args);
#endif
