/* Tangled from chapters/03-text-on-the-screen.nw. Edit the chapter, not this file. */
#include "vga.h"
#include "io.h"

enum {
    CRTC_INDEX = 0x3D4,
    CRTC_DATA = 0x3D5,
    CRTC_CURSOR_HIGH = 0x0E,
    CRTC_CURSOR_LOW = 0x0F,
};

void vga_cursor_moved(uint32_t position)
{
    outb(CRTC_INDEX, CRTC_CURSOR_HIGH);
    outb(CRTC_DATA, (uint8_t)(position >> 8));
    outb(CRTC_INDEX, CRTC_CURSOR_LOW);
    outb(CRTC_DATA, (uint8_t)position);
}
