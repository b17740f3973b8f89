/* Tangled from chapters/11-async-tasks.nw. Edit the chapter, not this file. */
#include "clock.h"
#include "console.h"
#include "format.h"
#include "timer.h"

static void draw_clock(void)
{
    char text[16];
    uint64_t s = timer_uptime_ms() / 1000;
    ksnprintf(text, sizeof text, "up %02llu:%02llu:%02llu",
              (unsigned long long)(s / 3600), (unsigned long long)(s / 60 % 60),
              (unsigned long long)(s % 60));
    console_status(VGA_COLS - 12, text, VGA_BLACK, VGA_CYAN);
}

static enum poll_result clock_poll(struct future *self, struct waker waker)
{
    struct clock *c = (struct clock *)self;
    for (;;) {
        if (c->sleep.base.poll(&c->sleep.base, waker) == POLL_PENDING)
            return POLL_PENDING;
        draw_clock();
        c->ticks_drawn++;
        sleep_future_init(&c->sleep, 1000 - timer_uptime_ms() % 1000);
    }
}

void clock_init(struct clock *c)
{
    *c = (struct clock){.base = {clock_poll}};
    console_keep_status_line();
    sleep_future_init(&c->sleep, 1000);
}
