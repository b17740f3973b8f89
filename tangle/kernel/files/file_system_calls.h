/* Tangled from chapters/23-files-for-programs.nw. Edit the chapter, not this file. */
#ifndef FILE_SYSTEM_CALLS_H
#define FILE_SYSTEM_CALLS_H
#include <stdint.h>
struct process;
void file_system_calls_init(void);
uint32_t directory_of(const struct process *p);    /* where its relative paths start */
#endif
