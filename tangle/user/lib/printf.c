/* Tangled from chapters/15-programs-from-a-ramdisk.nw (with 23-files-for-programs.nw). Edit the chapter, not this file. */
#include "user.h"
#include "format.h"

struct line {
    char text[128];
    size_t length;
};

static void flush(struct line *l)
{
    if (l->length > 0)
        write(l->text, l->length);
    l->length = 0;
}

static void collect(void *state, const char *text, size_t length)
{
    struct line *l = state;
    for (size_t i = 0; i < length; i++) {
        if (l->length == sizeof l->text)
            flush(l);
        l->text[l->length++] = text[i];
    }
}

int printf(const char *fmt, ...)
{
    struct line l = {.length = 0};
    va_list args;
    va_start(args, fmt);
    size_t n = kvformat(collect, &l, fmt, args);
    va_end(args);
    flush(&l);
    return (int)n;
}

struct message {
    char text[256];
    size_t length;
};

static void collect_message(void *state, const char *text, size_t length)
{
    struct message *m = state;
    for (size_t i = 0; i < length && m->length < sizeof m->text; i++)
        m->text[m->length++] = text[i];
}

int printf_to(int64_t fd, const char *fmt, ...)
{
    struct message m = {.length = 0};
    va_list args;
    va_start(args, fmt);
    kvformat(collect_message, &m, fmt, args);
    va_end(args);
    write_to(fd, m.text, m.length);
    return (int)m.length;
}
