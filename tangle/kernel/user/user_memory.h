/* Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file. */
#ifndef USER_MEMORY_H
#define USER_MEMORY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void user_memory_init(void);
bool user_range_ok(uint64_t address, uint64_t length, bool writable);
bool copy_from_user(void *to, uint64_t from, size_t length);
bool copy_to_user(uint64_t to, const void *from, size_t length);
extern bool smep_on, smap_on, umip_on;
#endif
