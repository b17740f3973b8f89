/* Tangled from chapters/02-from-grub-to-long-mode.nw. Edit the chapter, not this file. */
#include <stdint.h>
#include "io.h"


static void early_say(const char *message)
{
    volatile uint16_t *line = (volatile uint16_t *)0xB8000 + 80 * 2;

    for (int i = 0; message[i] != '\0'; i++) {
        line[i] = (uint16_t)(0x0A00 | (uint8_t)message[i]);   /* green on black */
        outb(0x3F8, (uint8_t)message[i]);
    }
    outb(0x3F8, '\n');
}

void kmain(uint32_t multiboot_magic, uint32_t multiboot_info)
{
    (void)multiboot_magic;
    (void)multiboot_info;
    early_say("kmain: 64-bit C code is running");
    for (;;)
        __asm__ volatile("hlt");
}
