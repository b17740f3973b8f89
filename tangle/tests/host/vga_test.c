/* Tangled from chapters/03-text-on-the-screen.nw. Edit the chapter, not this file. */
#include "check.h"
#include "../../kernel/console/vga.c"
#include <string.h>

static uint16_t screen[VGA_COLS * VGA_ROWS];
static uint32_t cursor = 12345;

void vga_cursor_moved(uint32_t position)
{
    cursor = position;
}

static char char_at(uint32_t row, uint32_t col)
{
    return (char)(screen[row * VGA_COLS + col] & 0xFF);
}

static int row_is(uint32_t row, const char *text)
{
    size_t n = strlen(text);
    for (uint32_t col = 0; col < VGA_COLS; col++) {
        char want = col < n ? text[col] : ' ';
        if (char_at(row, col) != want)
            return 0;
    }
    return 1;
}

static void puts_vga(struct vga *v, const char *s)
{
    vga_write(v, s, strlen(s));
}

int main(void)
{
    struct vga v;
    memset(screen, 0xAB, sizeof screen);
    vga_init(&v, screen);
    CHECK(row_is(0, "") && row_is(VGA_ROWS - 1, ""), "init clears every row to spaces");
    CHECK(screen[0] == 0x0720, "cleared cells are grey-on-black spaces (0x0720)");
    CHECK(cursor == 0, "init puts the cursor home");

    puts_vga(&v, "hello\nworld");
    CHECK(row_is(0, "hello") && row_is(1, "world"), "newline starts the next row");
    CHECK(cursor == 1 * VGA_COLS + 5, "cursor follows the text");

    vga_clear(&v);
    for (int i = 0; i < VGA_COLS + 3; i++)
        vga_putc(&v, (char)('a' + i % 26));
    CHECK(char_at(0, 79) == 'b' && char_at(1, 0) == 'c' && v.row == 1 && v.col == 3,
          "column 80 wraps to the next row");

    vga_clear(&v);
    puts_vga(&v, "ab\tc");
    CHECK(char_at(0, 8) == 'c' && v.col == 9, "tab advances to the next multiple of 8");
    puts_vga(&v, "\rX");
    CHECK(char_at(0, 0) == 'X' && v.col == 1, "carriage return goes to column 0");

    puts_vga(&v, "junk\fok");
    CHECK(row_is(0, "ok") && row_is(1, "") && v.col == 2, "form feed clears the screen");

    vga_clear(&v);
    puts_vga(&v, "abc\b");
    CHECK(row_is(0, "ab") && v.col == 2 && cursor == 2, "backspace erases the previous cell");
    vga_clear(&v);
    puts_vga(&v, "\b");
    CHECK(v.row == 0 && v.col == 0, "backspace at the top-left corner does nothing");
    for (int i = 0; i < VGA_COLS; i++)
        vga_putc(&v, 'x');
    vga_putc(&v, '\b');
    CHECK(v.row == 0 && v.col == VGA_COLS - 1 && char_at(0, 79) == ' ',
          "backspace at column 0 goes back to the end of the row above");

    vga_clear(&v);
    for (int i = 0; i < VGA_ROWS; i++) {
        char line[32];
        snprintf(line, sizeof line, "line %d\n", i);
        puts_vga(&v, line);
    }
    CHECK(row_is(0, "line 1") && row_is(VGA_ROWS - 2, "line 24") && row_is(VGA_ROWS - 1, ""),
          "the 26th line scrolls the screen up by one");
    CHECK(v.row == VGA_ROWS - 1 && v.col == 0 && cursor == (VGA_ROWS - 1) * VGA_COLS,
          "after scrolling, the cursor is at the start of the last row");

    vga_set_colour(&v, VGA_YELLOW, VGA_BLUE);
    vga_putc(&v, 'Y');
    CHECK(screen[(VGA_ROWS - 1) * VGA_COLS] == 0x1E59, "yellow on blue 'Y' is 0x1E59");
    for (int i = 0; i < VGA_ROWS; i++)
        vga_putc(&v, '\n');
    CHECK((screen[VGA_COLS * VGA_ROWS - 1] >> 8) == 0x1E,
          "scrolling fills the new row with the current colour");
    vga_init(&v, screen);
    puts_vga(&v, "top line");
    vga_keep_status_line(&v);
    CHECK(row_is(0, "") && row_is(1, "top line") && v.row == 1 && v.col == 8,
          "keeping a status line moves the text down a row");
    vga_write_status(&v, 70, "up 00:00:01", 0x30);
    CHECK(char_at(0, 70) == 'u' && char_at(0, 79) == '0' && screen[70] == 0x3075,
          "status text lands in row 0, in its own colour, cut at column 80");
    for (int i = 0; i < VGA_COLS - 2; i++)
        vga_putc(&v, 'z');
    CHECK(char_at(1, 77) == 'z' && char_at(0, 70) == 'u',
          "a long line leaves the status alone");
    for (int i = 0; i < 2 * VGA_ROWS; i++)
        puts_vga(&v, "scroll\n");
    CHECK(char_at(0, 70) == 'u' && row_is(1, "scroll"), "scrolling leaves the status alone");
    puts_vga(&v, "\f\b");
    CHECK(char_at(0, 70) == 'u' && v.row == 1 && v.col == 0 && row_is(1, ""),
          "clearing and backspace stop below the status line");

    static uint16_t guarded[VGA_COLS * (VGA_ROWS + 1)];
    vga_init(&v, guarded);
    for (int i = 0; i < VGA_ROWS; i++)
        puts_vga(&v, i < VGA_ROWS - 1 ? "full\n" : "last");
    guarded[VGA_COLS * VGA_ROWS] = 0x1234;
    vga_keep_status_line(&v);
    CHECK(guarded[VGA_COLS * VGA_ROWS] == 0x1234 && v.row == VGA_ROWS - 1 && v.col == 4,
          "a status line on a full screen scrolls, and writes nothing past the screen");
    return check_done();
}
