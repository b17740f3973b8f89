/* Tangled from chapters/04-testing-a-kernel.nw. Edit the chapter, not this file. */
#include "ktest.h"
#include "console.h"
#include "format.h"
#include "bootinfo.h"
#include "lib.h"

extern uint32_t boot_info;

KTEST(ksnprintf_works_with_kernel_flags)
{
    char buffer[64];
    ksnprintf(buffer, sizeof buffer, "%d|%05x|%-3s|%llu|%c", -7, 0xbeefu, "ab",
              18446744073709551615ull, 'z');
    KEXPECT(memcmp(buffer, "-7|0beef|ab |18446744073709551615|z", 35) == 0);
}
KTEST(kprintf_reaches_screen_memory)
{
    volatile uint16_t *cells = (volatile uint16_t *)0xB8000;
    console_set_colour(VGA_WHITE, VGA_BLUE);
    kprintf("\rA");
    console_set_colour(VGA_LIGHT_GREY, VGA_BLACK);
    kprintf("\n");
    int found = 0;
    for (int i = 0; i < VGA_COLS * VGA_ROWS; i++)
        if (cells[i] == 0x1F41)     /* 'A', white on blue */
            found = 1;
    KEXPECT(found);
}

KTEST(boot_information_is_read)
{
    KEXPECT(boot_information.start == boot_info);
    KEXPECT(boot_information.loader_name[0] != '\0');
    KEXPECT(boot_info_usable_bytes(&boot_information) > 8u * 1024 * 1024);
    KEXPECT(boot_information.region_count >= 2);
}
