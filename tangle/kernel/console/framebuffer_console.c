/* Tangled from chapters/16-a-screen-on-any-pc.nw. Edit the chapter, not this file. */
#include "framebuffer_console.h"
#include "bootinfo.h"
#include "console.h"
#include "device_memory.h"
#include "font.h"
#include "framebuffer.h"

static struct psf_font font;
static struct text_painter painter;

static struct framebuffer reported(const struct mb2_framebuffer *f)
{
    return (struct framebuffer){
        .pixels = (volatile uint8_t *)(uintptr_t)f->address,
        .pitch = f->pitch, .width = f->width, .height = f->height,
        .bytes_per_pixel = f->bits_per_pixel % 8 == 0 ? f->bits_per_pixel / 8u : 0,
        .red_position = f->red_position, .red_size = f->red_size,
        .green_position = f->green_position, .green_size = f->green_size,
        .blue_position = f->blue_position, .blue_size = f->blue_size,
    };
}
void framebuffer_console_start(void)
{
    const struct mb2_framebuffer *f = &boot_information.framebuffer;
    if (!boot_information.has_framebuffer || f->type == MB2_FRAMEBUFFER_EGA_TEXT) {
        kprintf("display: VGA text, 80 x 25 cells\n");
        return;
    }
    struct framebuffer screen = reported(f);
    const char *why = "not an RGB framebuffer";
    if (f->type != MB2_FRAMEBUFFER_RGB ||
        !psf_load(console_font, (size_t)(console_font_end - console_font), &font, &why) ||
        !painter_init(&painter, &screen, &font, &why)) {
        kprintf("display: cannot draw on the framebuffer: %s\n", why);
        return;
    }
    bool combining = device_memory_init();
    if (!device_memory_map(f->address, (uint64_t)f->pitch * f->height,
                           MEMORY_WRITE_COMBINING)) {
        kprintf("display: cannot map the framebuffer at 0x%llx\n",
                (unsigned long long)f->address);
        return;
    }
    console_show_on(painter_draw_cell, &painter);
    kprintf("display: framebuffer %u x %u x %u at 0x%llx, %s\n", f->width, f->height,
            f->bits_per_pixel, (unsigned long long)f->address,
            combining ? "write-combining" : "uncacheable (no PAT)");
    kprintf("display: 80 x 25 cells of %u x %u pixels, scale %u\n",
            font.width, font.height, painter.scale);
}
