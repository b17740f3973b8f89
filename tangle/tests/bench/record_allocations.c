/* Tangled from chapters/10-the-heap.nw. Edit the chapter, not this file. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t count, size_t size);
void *__libc_realloc(void *p, size_t size);
void __libc_free(void *p);

static char line_buffer[1 << 16];
static size_t used;
static int trace_fd = -1;

static void flush_lines(void)
{
    if (trace_fd >= 0 && write(trace_fd, line_buffer, used) != (ssize_t)used)
        trace_fd = -2;                  /* stop: a short trace is refused by the reader */
    used = 0;
}

__attribute__((destructor)) static void flush_at_exit(void)
{
    flush_lines();
}

static void put_number(uint64_t n)
{
    char digits[20];
    int k = 0;
    do
        digits[k++] = (char)('0' + n % 10);
    while ((n /= 10) != 0);
    line_buffer[used++] = ' ';
    while (k > 0)
        line_buffer[used++] = digits[--k];
}
static void record(char kind, uintptr_t p, uintptr_t q, size_t size)
{
    if (trace_fd == -1) {
        const char *path = getenv("ALLOC_TRACE");
        trace_fd = path ? open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644) : -2;
    }
    if (used > sizeof line_buffer - 80)
        flush_lines();
    line_buffer[used++] = kind;
    put_number(p);
    if (kind == 'r')
        put_number(q);
    if (kind != 'f')
        put_number(size);
    line_buffer[used++] = '\n';
}
void *malloc(size_t size)
{
    void *p = __libc_malloc(size);
    record('m', (uintptr_t)p, 0, size);
    return p;
}

void *calloc(size_t count, size_t size)
{
    void *p = __libc_calloc(count, size);
    record('m', (uintptr_t)p, 0, count * size);
    return p;
}

void *realloc(void *old, size_t size)
{
    void *p = __libc_realloc(old, size);
    record('r', (uintptr_t)old, (uintptr_t)p, size);
    return p;
}

void free(void *p)
{
    if (p != NULL)
        record('f', (uintptr_t)p, 0, 0);
    __libc_free(p);
}
