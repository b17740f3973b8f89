/* Tangled from chapters/03-text-on-the-screen.nw. Edit the chapter, not this file. */
#include "console.h"
#include "format.h"
#include "serial.h"

#define VGA_TEXT_MEMORY ((volatile uint16_t *)0xB8000)

static struct vga screen;

void console_init(void)
{
    serial_init();
    vga_init(&screen, VGA_TEXT_MEMORY);
}

void console_write(const char *text, size_t length)
{
    /* chapter 7: interrupts off while the console is busy */
    vga_write(&screen, text, length);
    serial_write(text, length);
    /* chapter 7: interrupts back as they were */
}

void console_set_colour(enum vga_colour fg, enum vga_colour bg)
{
    vga_set_colour(&screen, fg, bg);
}

static void console_sink(void *state, const char *text, size_t length)
{
    (void)state;
    console_write(text, length);
}

size_t kvprintf(const char *fmt, va_list args)
{
    /* chapter 7: interrupts off while the console is busy */
    size_t n = kvformat(console_sink, NULL, fmt, args);
    /* chapter 7: interrupts back as they were */
    return n;
}

size_t kprintf(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    size_t n = kvprintf(fmt, args);
    va_end(args);
    return n;
}
