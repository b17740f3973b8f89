/* Tangled from chapters/03-text-on-the-screen.nw. Edit the chapter, not this file. */
#include "vga.h"

static uint16_t vga_cell(char c, uint8_t attribute)
{
    return (uint16_t)((uint16_t)attribute << 8 | (uint8_t)c);
}

void vga_set_colour(struct vga *v, enum vga_colour fg, enum vga_colour bg)
{
    v->attribute = (uint8_t)((bg & 0x7) << 4 | (fg & 0xF));
}

void vga_clear(struct vga *v)
{
    for (uint32_t i = v->top * VGA_COLS; i < VGA_COLS * VGA_ROWS; i++)
        v->cells[i] = vga_cell(' ', v->attribute);
    v->row = v->top;
    v->col = 0;
    vga_cursor_moved(v->row * VGA_COLS);
}

void vga_init(struct vga *v, volatile uint16_t *cells)
{
    *v = (struct vga){.cells = cells};
    vga_set_colour(v, VGA_LIGHT_GREY, VGA_BLACK);
    vga_clear(v);
}
static void vga_scroll(struct vga *v)
{
    for (uint32_t i = v->top * VGA_COLS; i < VGA_COLS * (VGA_ROWS - 1); i++)
        v->cells[i] = v->cells[i + VGA_COLS];
    for (uint32_t i = 0; i < VGA_COLS; i++)
        v->cells[VGA_COLS * (VGA_ROWS - 1) + i] = vga_cell(' ', v->attribute);
    v->row = VGA_ROWS - 1;
}
static void vga_newline(struct vga *v)
{
    v->col = 0;
    if (++v->row == VGA_ROWS)
        vga_scroll(v);
}

static void vga_backspace(struct vga *v)
{
    if (v->col > 0) {
        v->col--;
    } else if (v->row > v->top) {
        v->row--;
        v->col = VGA_COLS - 1;
    } else {
        return;
    }
    v->cells[v->row * VGA_COLS + v->col] = vga_cell(' ', v->attribute);
}

static void vga_draw(struct vga *v, char c)
{
    v->cells[v->row * VGA_COLS + v->col] = vga_cell(c, v->attribute);
    if (++v->col == VGA_COLS)
        vga_newline(v);
}

static void vga_put(struct vga *v, char c)
{
    switch (c) {
    case '\n': vga_newline(v); break;
    case '\r': v->col = 0; break;
    case '\b': vga_backspace(v); break;
    case '\f': vga_clear(v); break;
    case '\t':
        do
            vga_draw(v, ' ');
        while (v->col % VGA_TAB_WIDTH != 0);
        break;
    default: vga_draw(v, c); break;
    }
}

void vga_putc(struct vga *v, char c)
{
    vga_put(v, c);
    vga_cursor_moved(v->row * VGA_COLS + v->col);
}

void vga_write(struct vga *v, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        vga_put(v, s[i]);
    vga_cursor_moved(v->row * VGA_COLS + v->col);
}
void vga_keep_status_line(struct vga *v)
{
    if (v->top == 1)
        return;
    if (v->row == VGA_ROWS - 1) {
        vga_scroll(v);
        v->row--;                       /* the cursor's line moved up with the text */
    }
    for (uint32_t i = (v->row + 1) * VGA_COLS; i-- > 0; )
        v->cells[i + VGA_COLS] = v->cells[i];
    for (uint32_t i = 0; i < VGA_COLS; i++)
        v->cells[i] = vga_cell(' ', v->attribute);
    v->top = 1;
    v->row++;
    vga_cursor_moved(v->row * VGA_COLS + v->col);
}

void vga_write_status(struct vga *v, uint32_t col, const char *s, uint8_t attribute)
{
    for (; *s != '\0' && col < VGA_COLS; s++, col++)
        v->cells[col] = vga_cell(*s, attribute);
}
