/* Tangled from chapters/03-text-on-the-screen.nw (with 07-hardware-interrupts.nw). Edit the chapter, not this file. */
#include "console.h"
#include "format.h"
#include "serial.h"
/* chapter 7 adds the interrupt helpers here */
#include "interrupt_flag.h"

#define VGA_TEXT_MEMORY ((volatile uint16_t *)(uintptr_t)VGA_TEXT_ADDRESS)

static struct vga screen;

void console_init(void)
{
    vga_init(&screen, VGA_TEXT_MEMORY);
}

void console_write(const char *text, size_t length)
{
    /* chapter 7: interrupts off while the console is busy */
    uint64_t saved_flags = interrupts_save_and_disable();
    vga_write(&screen, text, length);
    serial_queue(text, length);
    /* chapter 7: interrupts back as they were */
    interrupts_restore(saved_flags);
    serial_flush();
}

void console_set_colour(enum vga_colour fg, enum vga_colour bg)
{
    vga_set_colour(&screen, fg, bg);
}
void console_keep_status_line(void)
{
    /* chapter 7: interrupts off while the console is busy */
    uint64_t saved_flags = interrupts_save_and_disable();
    vga_keep_status_line(&screen);
    /* chapter 7: interrupts back as they were */
    interrupts_restore(saved_flags);
}

void console_status(uint32_t column, const char *text, enum vga_colour fg,
                    enum vga_colour bg)
{
    uint8_t attribute = (uint8_t)((bg & 0x7) << 4 | (fg & 0xF));
    /* chapter 7: interrupts off while the console is busy */
    uint64_t saved_flags = interrupts_save_and_disable();
    vga_write_status(&screen, column, text, attribute);
    /* chapter 7: interrupts back as they were */
    interrupts_restore(saved_flags);
}
struct pending_text {
    char text[256];
    size_t used;
};

static void pending_sink(void *state, const char *text, size_t length)
{
    struct pending_text *p = state;
    for (size_t i = 0; i < length; i++) {
        if (p->used == sizeof p->text) {
            console_write(p->text, p->used);
            p->used = 0;
        }
        p->text[p->used++] = text[i];
    }
}

size_t kvprintf(const char *fmt, va_list args)
{
    struct pending_text p;
    p.used = 0;
    size_t n = kvformat(pending_sink, &p, fmt, args);
    console_write(p.text, p.used);
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
