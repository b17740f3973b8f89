/* Tangled from chapters/13-user-mode.nw (with 24-a-shell-of-its-own.nw). Edit the chapter, not this file. */
#include "user.h"

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

void write_string(const char *s)
{
    write(s, strlen(s));
}

void write_decimal(uint64_t value)
{
    char digits[20];
    int i = sizeof digits;
    do {
        digits[--i] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    write(digits + i, sizeof digits - (size_t)i);
}

int strcmp(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

bool parse_decimal(const char *s, int64_t *value)
{
    int64_t n = 0;
    if (*s == '\0')
        return false;
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9' || n > (INT64_MAX - 9) / 10)
            return false;
        n = n * 10 + (*s - '0');
    }
    *value = n;
    return true;
}
