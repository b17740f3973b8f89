/* Tangled from chapters/03-text-on-the-screen.nw (with 07-hardware-interrupts.nw, 16-a-screen-on-any-pc.nw). Edit the chapter, not this file. */
#include "console.h"
#include "format.h"
#include "serial.h"
/* chapter 7 adds the interrupt helpers here */
#include "interrupt_flag.h"

#define VGA_TEXT_MEMORY ((volatile uint16_t *)(uintptr_t)VGA_TEXT_ADDRESS)

static struct vga screen;
/* chapter 16 adds other displays here */
static uint16_t text_in_memory[VGA_COLS * VGA_ROWS];
static uint16_t on_display[VGA_COLS * VGA_ROWS];
static uint32_t cursor_on_display = VGA_COLS * VGA_ROWS;    /* nowhere yet */

static void draw_on_vga_text(void *display, uint32_t index, uint16_t cell, bool cursor)
{
    (void)display;
    (void)cursor;                       /* VGA draws its own cursor (vga_cursor.c) */
    VGA_TEXT_MEMORY[index] = cell;
}

static cell_drawer *draw = draw_on_vga_text;
static void *display;

static void show_changes(void)
{
    uint32_t cursor = screen.row * VGA_COLS + screen.col;
    bool moved = cursor != cursor_on_display;
    for (uint32_t i = 0; i < VGA_COLS * VGA_ROWS; i++) {
        uint16_t cell = screen.cells[i];
        bool cursor_here = i == cursor || i == cursor_on_display;
        if (cell != on_display[i] || (moved && cursor_here)) {
            draw(display, i, cell, i == cursor);
            on_display[i] = cell;
        }
    }
    cursor_on_display = cursor;
}
void console_show_on(cell_drawer *new_draw, void *new_display)
{
    /* chapter 7: interrupts off while the console is busy */
    uint64_t saved_flags = interrupts_save_and_disable();
    draw = new_draw;
    display = new_display;
    for (uint32_t i = 0; i < VGA_COLS * VGA_ROWS; i++)
        on_display[i] = (uint16_t)~screen.cells[i];
    cursor_on_display = VGA_COLS * VGA_ROWS;
    show_changes();
    /* chapter 7: interrupts back as they were */
    interrupts_restore(saved_flags);
}

void console_init(void)
{
    vga_init(&screen, VGA_TEXT_MEMORY);
    /* chapter 16: the text moves to memory here */
    vga_init(&screen, text_in_memory);
    show_changes();
}

void console_write(const char *text, size_t length)
{
    /* chapter 7: interrupts off while the console is busy */
    uint64_t saved_flags = interrupts_save_and_disable();
    vga_write(&screen, text, length);
    /* chapter 16: a display that is not VGA text memory draws the change here */
    show_changes();
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
    /* chapter 16: a display that is not VGA text memory draws the change here */
    show_changes();
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
    /* chapter 16: a display that is not VGA text memory draws the change here */
    show_changes();
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
