/* Tangled from chapters/03-text-on-the-screen.nw (with 15-programs-from-a-ramdisk.nw). Edit the chapter, not this file. */
#ifndef FORMAT_H
#define FORMAT_H
#include <stdarg.h>
#include <stddef.h>

typedef void (*kformat_sink)(void *state, const char *text, size_t length);

size_t kvformat(kformat_sink sink, void *state, const char *fmt, va_list args);
size_t ksnprintf(char *buffer, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define FORMAT_PRECISION_MAX 100        /* %f: at most 99 digits after the point */
#endif
