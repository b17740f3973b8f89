/* Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file. */
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
