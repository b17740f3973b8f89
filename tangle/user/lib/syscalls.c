/* Tangled from chapters/13-user-mode.nw (with 14-processes.nw). Edit the chapter, not this file. */
#include "user.h"

static int64_t syscall2(uint64_t number, uint64_t a, uint64_t b)
{
    int64_t result;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(number), "D"(a), "S"(b)
                     : "rcx", "r11", "memory");
    return result;
}

int64_t write(const void *buffer, uint64_t length)
{
    return syscall2(SYS_WRITE, (uint64_t)(uintptr_t)buffer, length);
}

_Noreturn void exit(int64_t status)
{
    syscall2(SYS_EXIT, (uint64_t)status, 0);
    for (;;)
        ;                           /* exit does not come back */
}

int64_t getpid(void)
{
    return syscall2(SYS_GETPID, 0, 0);
}

int64_t yield(void) { return syscall2(SYS_YIELD, 0, 0); }
int64_t sleep(uint64_t milliseconds) { return syscall2(SYS_SLEEP, milliseconds, 0); }
int64_t kill(int64_t pid) { return syscall2(SYS_KILL, (uint64_t)pid, 0); }

int64_t read(void *buffer, uint64_t length)
{
    return syscall2(SYS_READ, (uint64_t)(uintptr_t)buffer, length);
}

int64_t spawn(const char *name, const char *arguments)
{
    return syscall2(SYS_SPAWN, (uint64_t)(uintptr_t)name, (uint64_t)(uintptr_t)arguments);
}

int64_t wait(int64_t pid, struct ending *ending)
{
    return syscall2(SYS_WAIT, (uint64_t)pid, (uint64_t)(uintptr_t)ending);
}
