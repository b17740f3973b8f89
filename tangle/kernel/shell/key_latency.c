/* Tangled from chapters/12-a-shell.nw. Edit the chapter, not this file. */
#include "key_latency.h"
#include "console.h"
#include "interrupts.h"
#include "timer.h"

#define LATENCY_KEYS 32

static uint64_t interrupt_cycles, start_cycles, start_ticks;
static uint64_t whole_path[LATENCY_KEYS], write_only[LATENCY_KEYS];
static uint32_t keys;

void key_latency_start(void)
{
    start_cycles = interrupts_time_stamp();
    start_ticks = timer_ticks();
}

void key_latency_interrupt(uint8_t scancode)
{
    if (scancode < 0x80)
        interrupt_cycles = interrupts_time_stamp();
}

void key_latency_echoed(uint64_t write_start)
{
    uint64_t now = interrupts_time_stamp();
    whole_path[keys % LATENCY_KEYS] = now - interrupt_cycles;
    write_only[keys % LATENCY_KEYS] = now - write_start;
    keys++;
}
static uint64_t median(const uint64_t *samples, uint32_t n)
{
    uint64_t sorted[LATENCY_KEYS];
    for (uint32_t i = 0; i < n; i++) {
        uint32_t j = i;
        for (; j > 0 && sorted[j - 1] > samples[i]; j--)
            sorted[j] = sorted[j - 1];
        sorted[j] = samples[i];
    }
    return sorted[n / 2];
}

static uint64_t largest(const uint64_t *samples, uint32_t n)
{
    uint64_t m = 0;
    for (uint32_t i = 0; i < n; i++)
        m = samples[i] > m ? samples[i] : m;
    return m;
}

void key_latency_command(char *args)
{
    (void)args;
    uint32_t n = keys < LATENCY_KEYS ? keys : LATENCY_KEYS;
    uint64_t ms = (timer_ticks() - start_ticks) * 1000 / TIMER_HZ;
    if (n == 0 || ms == 0) {
        kprintf("no keys measured yet\n");
        return;
    }
    uint64_t per_us = (interrupts_time_stamp() - start_cycles) / ms / 1000;
    per_us = per_us ? per_us : 1;
    kprintf("key to echo over the last %u keys: median %llu us, worst %llu us\n", n,
            (unsigned long long)(median(whole_path, n) / per_us),
            (unsigned long long)(largest(whole_path, n) / per_us));
    kprintf("the screen write alone: median %llu us\n",
            (unsigned long long)(median(write_only, n) / per_us));
    kprintf("longest time with interrupts off: %llu us (a timer tick is %d us)\n",
            (unsigned long long)(interrupts_off_longest / per_us), 1000000 / TIMER_HZ);
}
