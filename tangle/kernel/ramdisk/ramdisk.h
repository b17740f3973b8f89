/* Tangled from chapters/15-programs-from-a-ramdisk.nw. Edit the chapter, not this file. */
#ifndef RAMDISK_H
#define RAMDISK_H
#include "user.h"

#define RAMDISK_MAX 32
#define RAMDISK_NAME_MAX 16
#define PROGRAM_SPAN (64ull << 20)     /* where segments may lie, from USER_START */

void ramdisk_init(void);
uint32_t ramdisk_read(const uint8_t *archive, uint64_t size);
const struct user_program *ramdisk_program_named(const char *name);
void ramdisk_list(char *args);
bool load_elf(const struct user_program *p);
#endif
