/* Tangled from chapters/03-text-on-the-screen.nw. Edit the chapter, not this file. */
#include "format.h"
#include <stdbool.h>
#include <stdint.h>

struct spec {
    bool left;          /* '-' flag */
    bool zero;          /* '0' flag */
    unsigned width;
    int size;           /* 0: int, 1: long, 2: long long, 3: size_t */
    char conversion;
};

struct out {
    kformat_sink sink;
    void *state;
    size_t count;
};

static void emit(struct out *o, const char *text, size_t length)
{
    if (length > 0)
        o->sink(o->state, text, length);
    o->count += length;
}

static void emit_padding(struct out *o, char pad, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        emit(o, &pad, 1);
}

static const char *read_spec(const char *p, struct spec *s)
{
    *s = (struct spec){0};
    for (;; p++) {
        if (*p == '-')
            s->left = true;
        else if (*p == '0')
            s->zero = true;
        else
            break;
    }
    while (*p >= '0' && *p <= '9')
        s->width = s->width * 10 + (unsigned)(*p++ - '0');
    if (*p == 'l') {
        s->size = 1;
        if (*++p == 'l') {
            s->size = 2;
            p++;
        }
    } else if (*p == 'z') {
        s->size = 3;
        p++;
    }
    s->conversion = *p;
    return *p ? p + 1 : p;
}
static void emit_number(struct out *o, const struct spec *s, uint64_t magnitude,
                        bool negative, unsigned base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buffer[24];
    unsigned n = 0;

    do {
        buffer[sizeof buffer - 1 - n++] = digits[magnitude % base];
        magnitude /= base;
    } while (magnitude != 0);
    unsigned length = n + (negative ? 1 : 0);
    unsigned pad = s->width > length ? s->width - length : 0;

    if (!s->left && !s->zero)
        emit_padding(o, ' ', pad);
    if (negative)
        emit(o, "-", 1);
    if (!s->left && s->zero)
        emit_padding(o, '0', pad);
    emit(o, buffer + sizeof buffer - n, n);
    if (s->left)
        emit_padding(o, ' ', pad);
}
static uint64_t fetch_unsigned(const struct spec *s, va_list *args)
{
    switch (s->size) {
    case 1: return va_arg(*args, unsigned long);
    case 2: return va_arg(*args, unsigned long long);
    case 3: return va_arg(*args, size_t);
    default: return va_arg(*args, unsigned int);
    }
}

static int64_t fetch_signed(const struct spec *s, va_list *args)
{
    switch (s->size) {
    case 1: return va_arg(*args, long);
    case 2: return va_arg(*args, long long);
    case 3: return (int64_t)va_arg(*args, size_t);
    default: return va_arg(*args, int);
    }
}
static void emit_field(struct out *o, const struct spec *s, const char *text,
                       size_t length)
{
    unsigned pad = s->width > length ? s->width - (unsigned)length : 0;
    if (!s->left)
        emit_padding(o, ' ', pad);
    emit(o, text, length);
    if (s->left)
        emit_padding(o, ' ', pad);
}

static void emit_string(struct out *o, const struct spec *s, const char *str)
{
    size_t length = 0;
    if (str == NULL)
        str = "(null)";
    while (str[length] != '\0')
        length++;
    emit_field(o, s, str, length);
}
static void emit_conversion(struct out *o, struct spec *s, va_list *args,
                            const char *start, const char *end)
{
    switch (s->conversion) {
    case 'd':
    case 'i': {
        int64_t v = fetch_signed(s, args);
        uint64_t magnitude = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
        emit_number(o, s, magnitude, v < 0, 10, false);
        break;
    }
    case 'u': emit_number(o, s, fetch_unsigned(s, args), false, 10, false); break;
    case 'x': emit_number(o, s, fetch_unsigned(s, args), false, 16, false); break;
    case 'X': emit_number(o, s, fetch_unsigned(s, args), false, 16, true); break;
    case 'p': {
        struct spec p = {.zero = true, .width = 16};
        emit(o, "0x", 2);
        emit_number(o, &p, (uint64_t)(uintptr_t)va_arg(*args, void *), false, 16, false);
        break;
    }
    case 's': emit_string(o, s, va_arg(*args, const char *)); break;
    case 'c': {
        char c = (char)va_arg(*args, int);
        emit_field(o, s, &c, 1);
        break;
    }
    case '%': emit(o, "%", 1); break;
    default: emit(o, start, (size_t)(end - start)); break;
    }
}
size_t kvformat(kformat_sink sink, void *state, const char *fmt, va_list args)
{
    struct out o = {sink, state, 0};
    va_list ap;
    va_copy(ap, args);
    while (*fmt != '\0') {
        const char *run = fmt;
        while (*fmt != '\0' && *fmt != '%')
            fmt++;
        emit(&o, run, (size_t)(fmt - run));
        if (*fmt == '%') {
            struct spec s;
            const char *start = fmt;
            fmt = read_spec(fmt + 1, &s);
            emit_conversion(&o, &s, &ap, start, fmt);
        }
    }
    va_end(ap);
    return o.count;
}
struct buffer_sink {
    char *buffer;
    size_t size, used;
};

static void buffer_write(void *state, const char *text, size_t length)
{
    struct buffer_sink *b = state;
    for (size_t i = 0; i < length; i++) {
        if (b->used + 1 < b->size)
            b->buffer[b->used] = text[i];
        b->used++;
    }
}

size_t ksnprintf(char *buffer, size_t size, const char *fmt, ...)
{
    struct buffer_sink b = {buffer, size, 0};
    va_list args;
    va_start(args, fmt);
    size_t n = kvformat(buffer_write, &b, fmt, args);
    va_end(args);
    if (size > 0)
        buffer[b.used < size ? b.used : size - 1] = '\0';
    return n;
}
