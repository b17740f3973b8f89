/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#include "ktest.h"
#include "io.h"
#include "irq.h"
#include "keyboard.h"
#include "timer.h"
#include "interrupts.h"
#include "lib.h"

static uint8_t rtc_seconds(void)
{
    outb(0x70, 0x0A);
    while (inb(0x71) & 0x80)        /* update in progress */
        outb(0x70, 0x0A);
    outb(0x70, 0x00);
    return inb(0x71);
}

static void wait_for_next_second(void)
{
    uint8_t s = rtc_seconds();
    while (rtc_seconds() == s)
        __asm__ volatile("hlt");
}

KTEST(timer_ticks_at_the_configured_rate)
{
    bool right = false;
    wait_for_next_second();
    for (int window = 0; window < 3 && !right; window++) {
        uint64_t start = timer_ticks();
        wait_for_next_second();
        uint64_t counted = timer_ticks() - start;
        right = counted >= TIMER_HZ * 85 / 100 && counted <= TIMER_HZ * 115 / 100;
    }
    KEXPECT(right);
}

KTEST(hlt_sleeps_until_the_timer_wakes_it)
{
    uint64_t before = timer_ticks();
    __asm__ volatile("hlt");
    KEXPECT(timer_ticks() > before);
}
KTEST(spurious_irq7_and_irq15_are_recognised)
{
    bool pic = memcmp(irq_controller_name(), "8259 PIC", 9) == 0;
    struct irq_counts before = irq_counts();
    __asm__ volatile("int $39");
    __asm__ volatile("int $47");
    struct irq_counts after = irq_counts();
    KEXPECT(after.spurious7 == before.spurious7 + pic);
    KEXPECT(after.spurious15 == before.spurious15 + pic);
    KEXPECT(after.unclaimed == before.unclaimed + 2 * !pic);
    uint64_t ticks = timer_ticks();
    __asm__ volatile("hlt");
    KEXPECT(timer_ticks() > ticks);
}
KTEST(a_key_flood_drops_and_counts)
{
    uint32_t before = keyboard_dropped();
    for (int i = 0; i < 1000; i++)
        keyboard_receive(0x1E);     /* 'a' pressed, over and over */
    KEXPECT(keyboard_dropped() - before == 1000 - 128);
    struct key_event e;
    int events = 0;
    while (keyboard_read(&e))
        events++;
    KEXPECT(events == 128);
    KEXPECT(!keyboard_has_input());
}
