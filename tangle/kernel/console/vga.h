/* Tangled from chapters/03-text-on-the-screen.nw. Edit the chapter, not this file. */
#ifndef VGA_H
#define VGA_H
#include <stddef.h>
#include <stdint.h>

#define VGA_TEXT_ADDRESS 0xB8000u    /* physical address of the text screen */
#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_TAB_WIDTH 8

enum vga_colour {
    VGA_BLACK, VGA_BLUE, VGA_GREEN, VGA_CYAN,
    VGA_RED, VGA_MAGENTA, VGA_BROWN, VGA_LIGHT_GREY,
    VGA_DARK_GREY, VGA_LIGHT_BLUE, VGA_LIGHT_GREEN, VGA_LIGHT_CYAN,
    VGA_LIGHT_RED, VGA_PINK, VGA_YELLOW, VGA_WHITE,
};

struct vga {
    volatile uint16_t *cells;
    uint32_t row, col;
    uint32_t top;               /* first row of scrolling text; 1 with a status line */
    uint8_t attribute;
};

void vga_init(struct vga *v, volatile uint16_t *cells);
void vga_set_colour(struct vga *v, enum vga_colour fg, enum vga_colour bg);
void vga_clear(struct vga *v);
void vga_putc(struct vga *v, char c);
void vga_write(struct vga *v, const char *s, size_t n);
void vga_keep_status_line(struct vga *v);
void vga_write_status(struct vga *v, uint32_t col, const char *s, uint8_t attribute);

/* Tell the display where the cursor is: the hardware in the kernel, a
 * recorder in the host tests. */
void vga_cursor_moved(uint32_t position);
#endif
