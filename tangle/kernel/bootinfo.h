/* Tangled from chapters/03-text-on-the-screen.nw. Edit the chapter, not this file. */
#ifndef BOOTINFO_H
#define BOOTINFO_H
#include <stdint.h>

struct bootinfo_summary {
    const char *loader_name;    /* NULL when GRUB did not say */
    const char *command_line;   /* "" when there is none */
    uint64_t usable_bytes;      /* total of the type-1 memory regions */
    uint32_t regions;           /* number of memory-map entries */
    int error;                  /* nonzero: the list was malformed */
};

struct bootinfo_summary bootinfo_summarise(uintptr_t address);
#endif
