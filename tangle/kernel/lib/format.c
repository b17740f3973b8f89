/* Tangled from chapters/03-text-on-the-screen.nw (with 15-programs-from-a-ramdisk.nw). Edit the chapter, not this file. */
#include "format.h"
#include <stdbool.h>
#include <stdint.h>

struct spec {
    bool left;          /* '-' flag */
    bool zero;          /* '0' flag */
    unsigned width;
    int size;           /* 0: int, 1: long, 2: long long, 3: size_t */
    char conversion;
    bool dot;           /* a precision was given */
    unsigned precision; /* digits after the point, for %f */
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
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9' && s->precision < FORMAT_PRECISION_MAX; p++)
            s->precision = s->precision * 10 + (unsigned)(*p - '0');
        s->dot = true;
        if (*p != 'f' || s->precision >= FORMAT_PRECISION_MAX) {
            s->conversion = '?';            /* shown as written, up to here */
            return p;
        }
    }
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
/* What comes before the digits: padding and sign. Returns the padding owed
   after them, which the '-' flag puts there. */
static unsigned emit_sign_and_padding(struct out *o, const struct spec *s,
                                      bool negative, unsigned length)
{
    unsigned pad = s->width > length ? s->width - length : 0;
    if (!s->left && !s->zero)
        emit_padding(o, ' ', pad);
    if (negative)
        emit(o, "-", 1);
    if (!s->left && s->zero)
        emit_padding(o, '0', pad);
    return s->left ? pad : 0;
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
    unsigned after = emit_sign_and_padding(o, s, negative, n + (negative ? 1 : 0));
    emit(o, buffer + sizeof buffer - n, n);
    emit_padding(o, ' ', after);
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
#ifdef __SSE2__     /* where the compiler may use SSE registers: not the kernel */
#define DECIMAL_PIECES 36               /* 10^324 > 2^1024 */
#define FRACTION_WORDS 36               /* 1152 bits: more than 1074 */

struct exact_double {
    uint32_t integer[DECIMAL_PIECES];   /* base 10^9, lowest piece first */
    int pieces;
    uint32_t fraction[FRACTION_WORDS];  /* base 2^32, highest word first */
};

static void integer_double(struct exact_double *x)
{
    uint32_t carry = 0;
    for (int i = 0; i < x->pieces; i++) {
        uint32_t v = x->integer[i] * 2 + carry;
        carry = v >= 1000000000u;
        x->integer[i] = v - (carry ? 1000000000u : 0);
    }
    if (carry)
        x->integer[x->pieces++] = 1;
}

static void split_double(uint64_t bits, struct exact_double *x)
{
    int exponent = (int)(bits >> 52 & 0x7FF);
    uint64_t mantissa = bits & ((1ull << 52) - 1);
    if (exponent != 0)
        mantissa |= 1ull << 52;         /* a normal number's leading 1 */
    int shift = (exponent != 0 ? exponent : 1) - 1075;  /* x = mantissa * 2^shift */
    uint64_t whole = shift >= 0 ? mantissa : shift > -64 ? mantissa >> -shift : 0;
    *x = (struct exact_double){.pieces = 1};
    x->integer[0] = (uint32_t)(whole % 1000000000u);
    x->integer[1] = (uint32_t)(whole / 1000000000u);
    x->pieces = x->integer[1] != 0 ? 2 : 1;
    for (int i = 0; i < shift; i++)
        integer_double(x);
    for (int bit = 0; bit < 53 && bit + shift < 0; bit++) {
        int position = -(bit + shift) - 1;      /* 0: worth 1/2, 1: worth 1/4... */
        if (mantissa >> bit & 1)
            x->fraction[position / 32] |= 1u << (31 - position % 32);
    }
}
static int next_fraction_digit(struct exact_double *x)
{
    uint32_t carry = 0;
    for (int i = FRACTION_WORDS - 1; i >= 0; i--) {
        uint64_t v = (uint64_t)x->fraction[i] * 10 + carry;
        x->fraction[i] = (uint32_t)v;
        carry = (uint32_t)(v >> 32);
    }
    return (int)carry;
}

static int compare_with_half(const struct exact_double *x)
{
    if (!(x->fraction[0] & 0x80000000u))
        return -1;
    if (x->fraction[0] != 0x80000000u)
        return 1;
    for (int i = 1; i < FRACTION_WORDS; i++)
        if (x->fraction[i] != 0)
            return 1;
    return 0;
}

static void integer_add_one(struct exact_double *x)
{
    for (int i = 0; i < x->pieces; i++) {
        if (++x->integer[i] < 1000000000u)
            return;
        x->integer[i] = 0;
    }
    x->integer[x->pieces++] = 1;
}

static void round_fraction(struct exact_double *x, char *digits, unsigned precision)
{
    for (unsigned i = 0; i < precision; i++)
        digits[i] = (char)('0' + next_fraction_digit(x));
    int last = precision > 0 ? digits[precision - 1] - '0' : (int)(x->integer[0] % 10);
    int half = compare_with_half(x);
    if (half < 0 || (half == 0 && last % 2 == 0))
        return;
    for (unsigned i = precision; i-- > 0;) {
        if (digits[i] != '9') {
            digits[i]++;
            return;
        }
        digits[i] = '0';
    }
    integer_add_one(x);
}
static unsigned integer_length(const struct exact_double *x)
{
    unsigned n = 9 * (unsigned)(x->pieces - 1) + 1;
    for (uint32_t top = x->integer[x->pieces - 1]; top >= 10; top /= 10)
        n++;
    return n;
}

static void emit_integer(struct out *o, const struct exact_double *x)
{
    struct spec first = {0}, rest = {.zero = true, .width = 9};
    emit_number(o, &first, x->integer[x->pieces - 1], false, 10, false);
    for (int i = x->pieces - 2; i >= 0; i--)
        emit_number(o, &rest, x->integer[i], false, 10, false);
}

static void emit_double(struct out *o, const struct spec *s, double d)
{
    union { double d; uint64_t bits; } u = {d};
    bool negative = u.bits >> 63;
    if ((u.bits >> 52 & 0x7FF) == 0x7FF) {      /* infinity, or not a number */
        const char *text = (u.bits & ((1ull << 52) - 1)) ? "-nan" : "-inf";
        emit_field(o, s, text + !negative, 4u - !negative);
        return;
    }
    struct exact_double x;
    char digits[FORMAT_PRECISION_MAX];
    unsigned precision = s->dot ? s->precision : 6;
    split_double(u.bits, &x);
    round_fraction(&x, digits, precision);
    unsigned length = negative + integer_length(&x) + (precision > 0 ? 1 + precision : 0);
    unsigned after = emit_sign_and_padding(o, s, negative, length);
    emit_integer(o, &x);
    if (precision > 0) {
        emit(o, ".", 1);
        emit(o, digits, precision);
    }
    emit_padding(o, ' ', after);
}
#endif
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
    #ifdef __SSE2__
    case 'f': emit_double(o, s, va_arg(*args, double)); break;
    #endif
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
