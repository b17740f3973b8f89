/* Tangled from chapters/03-text-on-the-screen.nw. Edit the chapter, not this file. */
#ifndef BOOTINFO_H
#define BOOTINFO_H
#include "multiboot2.h"

#define BOOT_MAPPED_LIMIT (1ull << 30)  /* chapter 2's boot tables map this much */

extern struct boot_info boot_information;

void boot_information_read(uint32_t address);
#endif
