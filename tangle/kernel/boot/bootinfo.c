/* Tangled from chapters/03-text-on-the-screen.nw. Edit the chapter, not this file. */
#include "bootinfo.h"
#include "console.h"
#include "panic.h"

struct boot_info boot_information;

void boot_information_read(uint32_t address)
{
    const struct boot_info *b = &boot_information;
    const uint8_t *info = (const uint8_t *)(uintptr_t)address;
    if (address + 8ull > BOOT_MAPPED_LIMIT ||
        address + (uint64_t)*(const uint32_t *)info > BOOT_MAPPED_LIMIT)
        panic("boot information at 0x%x lies beyond the first GiB", address);
    if (!boot_info_parse(info, address, &boot_information))
        panic("malformed boot information rejected: %s", b->error);
    kprintf("boot loader:   %s\n", b->loader_name[0] ? b->loader_name : "(not given)");
    kprintf("command line:  \"%s\"\n", b->command_line);
    kprintf("usable memory: %llu KiB in %u memory-map regions\n",
            (unsigned long long)(boot_info_usable_bytes(b) / 1024), b->region_count);
}
