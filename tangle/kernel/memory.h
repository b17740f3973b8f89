/* Tangled from chapters/08-physical-memory.nw. Edit the chapter, not this file. */
#ifndef MEMORY_H
#define MEMORY_H
#include "frames.h"
#include "multiboot2.h"

#define MEMORY_BITMAP_LIMIT (4ull << 30)

extern struct boot_info boot_information;
extern struct frame_allocator frames;
extern char kernel_start[], kernel_end[];

void memory_init(uint32_t multiboot_info);
uint64_t kernel_frame_alloc(void);
void kernel_frame_free(uint64_t address);
#endif
