/* Tangled from chapters/03-text-on-the-screen.nw (with 04-testing-a-kernel.nw). Edit the chapter, not this file. */
#include "panic.h"
#include "console.h"
#include "ktest.h"

_Noreturn void panic_at(const char *file, int line, const char *fmt, ...)
{
    va_list args;

    __asm__ volatile("cli");
    console_set_colour(VGA_WHITE, VGA_RED);
    kprintf("\nPANIC at %s:%d: ", file, line);
    va_start(args, fmt);
    kvprintf(fmt, args);
    va_end(args);
    kprintf("\n");
    console_set_colour(VGA_LIGHT_GREY, VGA_BLACK);
    ktest_panicked();
    for (;;)
        __asm__ volatile("hlt");
}
