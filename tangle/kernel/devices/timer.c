/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#include "timer.h"
#include "interrupts.h"
#include "io.h"
#include "irq.h"
#include "panic.h"

enum { PIT_CHANNEL0 = 0x40, PIT_MODE = 0x43, PIT_MODE_SQUARE_WAVE = 0x36 };
#define TIMER_LISTENERS 4

static volatile uint64_t ticks;
static timer_listener listeners[TIMER_LISTENERS];
static uint32_t listener_count;

void timer_listen(timer_listener listener)
{
    if (listener_count == TIMER_LISTENERS)
        panic("timer: more than %d listeners", TIMER_LISTENERS);
    uint64_t saved = interrupts_save_and_disable();
    listeners[listener_count] = listener;
    listener_count++;
    interrupts_restore(saved);
}

static void timer_tick(void)
{
    ticks++;
    for (uint32_t i = 0; i < listener_count; i++)
        listeners[i](ticks);
}

void timer_init(void)
{
    uint16_t divisor = PIT_INPUT_HZ / TIMER_HZ;
    outb(PIT_MODE, PIT_MODE_SQUARE_WAVE);
    outb(PIT_CHANNEL0, (uint8_t)divisor);
    outb(PIT_CHANNEL0, (uint8_t)(divisor >> 8));
    irq_register(0, timer_tick);
}

uint64_t timer_ticks(void)
{
    return ticks;
}

uint64_t timer_uptime_ms(void)
{
    return ticks * 1000 / TIMER_HZ;
}
