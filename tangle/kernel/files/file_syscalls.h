/* Tangled from chapters/18-descriptors-and-pipes.nw. Edit the chapter, not this file. */
#ifndef FILE_SYSCALLS_H
#define FILE_SYSCALLS_H
void file_syscalls_init(void);
#endif
