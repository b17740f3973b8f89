/* Tangled from chapters/18-descriptors-and-pipes.nw (with 23-files-for-programs.nw). Edit the chapter, not this file. */
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

int64_t open(const char *path, uint64_t flags)
{
    return syscall4(SYS_OPEN, (uint64_t)(uintptr_t)path, flags, 0, 0);
}

int64_t mkdir(const char *path)
{
    return syscall4(SYS_MKDIR, (uint64_t)(uintptr_t)path, 0, 0, 0);
}

int64_t remove(const char *path)
{
    return syscall4(SYS_REMOVE, (uint64_t)(uintptr_t)path, 0, 0, 0);
}

int64_t chdir(const char *path)
{
    return syscall4(SYS_CHDIR, (uint64_t)(uintptr_t)path, 0, 0, 0);
}

int64_t status(int64_t fd, struct file_status *s)
{
    return syscall4(SYS_STATUS, (uint64_t)fd, (uint64_t)(uintptr_t)s, 0, 0);
}

int64_t list(int64_t fd, struct name *n)
{
    return syscall4(SYS_LIST, (uint64_t)fd, (uint64_t)(uintptr_t)n, 0, 0);
}

const char *error_text(int64_t error)
{
    static const char *const texts[] = {
        [E_NOENT] = "no such file or directory", [E_EXIST] = "it exists already",
        [E_NOTDIR] = "not a directory", [E_ISDIR] = "a directory",
        [E_NOSPC] = "no room left on the disk", [E_NAMETOOLONG] = "a name too long",
        [E_NOTEMPTY] = "the directory is not empty", [E_IO] = "the disk failed",
        [E_BADF] = "a bad descriptor", [E_FAULT] = "a bad address",
        [E_INVAL] = "an argument out of range", [E_NOFILE] = "too many open files",
        [E_NOMEM] = "out of memory", [E_PIPE] = "nobody reads the pipe",
        [E_PERM] = "not allowed", [E_SRCH] = "no such process",
        [E_BACKGROUND] = "the keyboard belongs to another job",
        [E_LIMIT] = "too many processes", [E_NOSYS] = "no such system call",
    };
    uint64_t n = (uint64_t)-error;
    return n < sizeof texts / sizeof texts[0] && texts[n] != NULL ? texts[n] : "an error";
}
