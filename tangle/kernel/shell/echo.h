/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#ifndef ECHO_H
#define ECHO_H
#include <stdbool.h>

void echo_key(char c, unsigned *length);
void echo_report_drops(unsigned *dropped_seen, unsigned *length);
_Noreturn void echo_forever(void);
void kernel_work(void);
#endif
