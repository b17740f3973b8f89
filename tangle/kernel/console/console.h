/* Tangled from chapters/03-text-on-the-screen.nw (with 16-a-screen-on-any-pc.nw). Edit the chapter, not this file. */
#ifndef CONSOLE_H
#define CONSOLE_H
#include <stdarg.h>
#include <stddef.h>
#include "vga.h"

void console_init(void);
void console_write(const char *text, size_t length);
void console_set_colour(enum vga_colour fg, enum vga_colour bg);
void console_keep_status_line(void);
void console_status(uint32_t column, const char *text, enum vga_colour fg,
                    enum vga_colour bg);
size_t kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
size_t kvprintf(const char *fmt, va_list args);
/* chapter 16 declares how to use another display here */
#include <stdbool.h>
typedef void cell_drawer(void *display, uint32_t index, uint16_t cell, bool cursor);
void console_show_on(cell_drawer *draw, void *display);
#endif
