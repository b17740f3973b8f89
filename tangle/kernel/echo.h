/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#ifndef ECHO_H
#define ECHO_H
#include <stdbool.h>

void wait_for_interrupt_unless(bool (*ready)(void));
_Noreturn void echo_forever(void);
extern void (*kernel_work)(void);
#endif
