/* Tangled from chapters/18-descriptors-and-pipes.nw. Edit the chapter, not this file. */
#include "user.h"

static int64_t syscall4(uint64_t number, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    int64_t result;
    register uint64_t r10 __asm__("r10") = d;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10)
                     : "rcx", "r11", "memory");
    return result;
}

int64_t read_from(int64_t fd, void *buffer, uint64_t length)
{
    return syscall4(SYS_READ_FROM, (uint64_t)fd, (uint64_t)(uintptr_t)buffer, length, 0);
}

int64_t write_to(int64_t fd, const void *buffer, uint64_t length)
{
    return syscall4(SYS_WRITE_TO, (uint64_t)fd, (uint64_t)(uintptr_t)buffer, length, 0);
}

int64_t close(int64_t fd) { return syscall4(SYS_CLOSE, (uint64_t)fd, 0, 0, 0); }
int64_t dup(int64_t fd) { return syscall4(SYS_DUP, (uint64_t)fd, 0, 0, 0); }

int64_t dup2(int64_t fd, int64_t to)
{
    return syscall4(SYS_DUP2, (uint64_t)fd, (uint64_t)to, 0, 0);
}

int64_t pipe(int64_t ends[2])
{
    return syscall4(SYS_PIPE, (uint64_t)(uintptr_t)ends, 0, 0, 0);
}

int64_t spawn_with(const char *name, const char *arguments, const int64_t *files,
                   uint64_t count)
{
    return syscall4(SYS_SPAWN_WITH, (uint64_t)(uintptr_t)name,
                    (uint64_t)(uintptr_t)arguments, (uint64_t)(uintptr_t)files, count);
}
