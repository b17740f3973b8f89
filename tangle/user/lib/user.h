/* Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file. */
#ifndef USER_LIB_H
#define USER_LIB_H
#include <stddef.h>
#include <stdint.h>
#include "syscalls.h"
/* A program is one file with no shared libraries: every symbol is its own. */
#pragma GCC visibility push(hidden)

int main(uint64_t argument);
int64_t write(const void *buffer, uint64_t length);
_Noreturn void exit(int64_t status);
int64_t getpid(void);
size_t strlen(const char *s);
void write_string(const char *s);
void write_decimal(uint64_t value);
#pragma GCC visibility pop
#endif
