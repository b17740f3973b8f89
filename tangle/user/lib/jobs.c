/* Tangled from chapters/24-a-shell-of-its-own.nw. Edit the chapter, not this file. */
#include "user.h"

static int64_t syscall5(uint64_t number, uint64_t a, uint64_t b, uint64_t c, uint64_t d,
                        uint64_t e)
{
    int64_t result;
    register uint64_t r10 __asm__("r10") = d;
    register uint64_t r8 __asm__("r8") = e;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
                     : "rcx", "r11", "memory");
    return result;
}

int64_t spawn_job(const char *name, const char *arguments, const int64_t *files,
                  uint64_t count, int64_t job)
{
    return syscall5(SYS_SPAWN_JOB, (uint64_t)(uintptr_t)name,
                    (uint64_t)(uintptr_t)arguments, (uint64_t)(uintptr_t)files, count,
                    (uint64_t)job);
}

int64_t ignore_ctrl_c(void)
{
    return syscall5(SYS_IGNORE_CTRL_C, 0, 0, 0, 0, 0);
}

int64_t processes(struct process_entry *entries, uint64_t count)
{
    return syscall5(SYS_PROCESSES, (uint64_t)(uintptr_t)entries, count, 0, 0, 0);
}

int64_t memory(struct memory_counts *counts)
{
    return syscall5(SYS_MEMORY, (uint64_t)(uintptr_t)counts, 0, 0, 0, 0);
}
