/* Tangled from chapters/07-hardware-interrupts.nw (with 11-async-tasks.nw). Edit the chapter, not this file. */
#include "timer.h"
#include "io.h"
#include "irq.h"

enum { PIT_CHANNEL0 = 0x40, PIT_MODE = 0x43, PIT_MODE_SQUARE_WAVE = 0x36 };

static volatile uint64_t ticks;

static void timer_tick(void)
{
    ticks++;
    /* Part IV wakes sleeping tasks here */
    void sleep_tick(uint64_t now);
    sleep_tick(ticks);
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
