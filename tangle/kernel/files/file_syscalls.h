/* Tangled from chapters/18-descriptors-and-pipes.nw. Edit the chapter, not this file. */
#ifndef FILE_SYSCALLS_H
#define FILE_SYSCALLS_H
#include <stdint.h>
void file_syscalls_init(void);
int64_t spawn_with_files(uint64_t name, uint64_t arguments, uint64_t list,
                         uint64_t count);
#endif
