/* Tangled from chapters/16-a-screen-on-any-pc.nw. Edit the chapter, not this file. */
#ifndef DEVICE_MEMORY_H
#define DEVICE_MEMORY_H
#include <stdbool.h>
#include <stdint.h>

enum memory_type { MEMORY_UNCACHEABLE, MEMORY_WRITE_COMBINING };

bool device_memory_init(void);
bool device_memory_map(uint64_t physical, uint64_t size, enum memory_type type);
#endif
