/* Tangled from chapters/08-physical-memory.nw. Edit the chapter, not this file. */
#ifndef MEMORY_H
#define MEMORY_H
#include "frames.h"
#include "bootinfo.h"

extern struct frame_allocator frames;
extern char kernel_start[], kernel_end[];

void memory_init(void);
uint64_t memory_end_of_ram(void);
uint64_t kernel_frame_alloc(void);
void kernel_frame_free(uint64_t address);
#endif
