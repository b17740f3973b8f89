/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#ifndef TIMER_H
#define TIMER_H
#include <stdint.h>

#define TIMER_HZ 100
#define PIT_INPUT_HZ 1193182

typedef void (*timer_listener)(uint64_t ticks);

void timer_init(void);
void timer_listen(timer_listener listener);
uint64_t timer_ticks(void);
uint64_t timer_uptime_ms(void);
#endif
