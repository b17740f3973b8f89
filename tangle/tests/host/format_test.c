/* Tangled from chapters/03-text-on-the-screen.nw. Edit the chapter, not this file. */
#include "check.h"
#include "../../kernel/lib/format.c"
#include <limits.h>
#include <stdint.h>
#include <string.h>

static char out[128];

#define EXPECT(want, ...)                                                  \
    do {                                                                   \
        size_t n = ksnprintf(out, sizeof out, __VA_ARGS__);                \
        CHECK(strcmp(out, want) == 0 && n == strlen(want), #__VA_ARGS__);  \
        if (strcmp(out, want) != 0)                                        \
            printf("# got \"%s\", want \"%s\"\n", out, want);              \
    } while (0)

int main(void)
{
    EXPECT("42", "%d", 42);
    EXPECT("-42", "%i", -42);
    EXPECT("0", "%d", 0);
    EXPECT("-2147483648", "%d", INT_MIN);
    EXPECT("4294967295", "%u", UINT_MAX);
    EXPECT("ff FF", "%x %X", 255, 255);
    EXPECT("deadbeef", "%x", 0xdeadbeefu);
    EXPECT("-9223372036854775808", "%lld", LLONG_MIN);
    EXPECT("18446744073709551615", "%llu", ULLONG_MAX);
    EXPECT("9223372036854775807", "%ld", LONG_MAX);
    EXPECT("ffffffffffffffff", "%lx", ULONG_MAX);
    EXPECT("12345678901", "%zu", (size_t)12345678901ULL);
    EXPECT("0x00000000000b8000", "%p", (void *)0xb8000);
    EXPECT("0x0000000000000000", "%p", (void *)0);
    EXPECT("hello, world", "%s, %s", "hello", "world");
    EXPECT("x", "%c", 'x');
    EXPECT("100%", "%d%%", 100);
    EXPECT("[   42]", "[%5d]", 42);
    EXPECT("[42   ]", "[%-5d]", 42);
    EXPECT("[00042]", "[%05d]", 42);
    EXPECT("[-0042]", "[%05d]", -42);
    EXPECT("[  -42]", "[%5d]", -42);
    EXPECT("[000000ff]", "[%08x]", 255);
    EXPECT("[  ab]", "[%4s]", "ab");
    EXPECT("[ab  ]", "[%-4s]", "ab");
    EXPECT("[toolong]", "[%3s]", "toolong");
    EXPECT("[  x]", "[%3c]", 'x');
    EXPECT("[x  ]", "[%-3c]", 'x');
    EXPECT("no conversions", "no conversions");
    EXPECT("", "%s", "");
    #pragma GCC diagnostic push
    #pragma GCC diagnostic ignored "-Wformat"
    #pragma GCC diagnostic ignored "-Wformat-extra-args"
    #pragma GCC diagnostic ignored "-Wformat-overflow"
    EXPECT("%q stays", "%q stays", 1);
    EXPECT("ends with %", "ends with %");
    EXPECT("(null)", "%s", (char *)NULL);
    #pragma GCC diagnostic pop
    {
        char small[6];
        memset(small, '#', sizeof small);
        size_t n = ksnprintf(small, sizeof small, "%s", "overflowing");
        CHECK(n == 11, "ksnprintf returns the full length when it truncates");
        CHECK(strcmp(small, "overf") == 0, "ksnprintf truncates and terminates");
        memset(small, '#', sizeof small);
        n = ksnprintf(small, 0, "%d", 12345);
        CHECK(n == 5 && small[0] == '#', "size 0 writes nothing");
    }
    return check_done();
}
