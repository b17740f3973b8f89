/* Tangled from chapters/15-programs-from-a-ramdisk.nw. Edit the chapter, not this file. */
#include "check.h"
#include "../../kernel/lib/format.c"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool same_as_glibc(const char *fmt, double d)
{
    static char mine[512], theirs[512];
    size_t n = ksnprintf(mine, sizeof mine, fmt, d);
    int m = snprintf(theirs, sizeof theirs, fmt, d);
    if (m >= 0 && n == (size_t)m && strcmp(mine, theirs) == 0)
        return true;
    printf("# \"%s\" of %a: got \"%s\", glibc \"%s\"\n", fmt, d, mine, theirs);
    return false;
}

static bool prints(const char *want, const char *fmt, double d)
{
    char out[64];
    ksnprintf(out, sizeof out, fmt, d);
    return strcmp(out, want) == 0;
}

static const double awkward[] = {
    0.0, -0.0, 1.0, 0.5, 1.5, 2.5, 0.125, 2.675, 0.1, 9.9996, 99.5, 1e22, 1e23,
    123456789.987654321, 18446744073709551616.0, 9007199254740993.0,
    1.7976931348623157e308, 2.2250738585072014e-308, 4.9406564584124654e-324,
    -1.0 / 3.0, INFINITY, -INFINITY, NAN, -NAN,
};

static double random_double(void)
{
    uint64_t bits = (uint64_t)rand() << 42 ^ (uint64_t)rand() << 21 ^ (uint64_t)rand();
    union { uint64_t bits; double d; } u = {bits};
    return u.d;
}

int main(void)
{
    bool all = true;
    char fmt[32];
    for (size_t i = 0; i < sizeof awkward / sizeof awkward[0]; i++)
        for (int precision = 0; precision < FORMAT_PRECISION_MAX; precision++) {
            snprintf(fmt, sizeof fmt, "%%.%df", precision);
            all = same_as_glibc(fmt, awkward[i]) && all;
        }
    CHECK(all, "%f of awkward values at every precision is glibc's");
    all = true;
    srand(15);
    for (int i = 0; i < 100000; i++) {
        snprintf(fmt, sizeof fmt, "%%%s%s%d.%df", rand() % 4 ? "" : "-",
                 rand() % 4 ? "" : "0", rand() % 3 ? 0 : rand() % 40, rand() % 20);
        all = same_as_glibc(fmt, random_double()) && all;
    }
    CHECK(all, "%f of 100000 random doubles, flags and widths is glibc's");
    CHECK(prints("3.141593", "%f", 3.14159265358979), "six digits by default");
    CHECK(prints("2.67", "%.2f", 2.675), "2.675 is really 2.67499999...");
    CHECK(prints("2", "%.0f", 2.5), "a tie goes to the even neighbour");
    CHECK(prints("-003.142", "%08.3f", -3.14159265), "zeros go after the sign");
    CHECK(prints("10.000", "%.3f", 9.9996), "a carry reaches the integer part");
    CHECK(prints("  inf", "%05f", INFINITY), "infinity is never padded with zeros");
    CHECK(prints("%.3d", "%.3d", 7), "other conversions take no precision");
    CHECK(prints("%.100f", "%.100f", 1.0), "at most 99 digits after the point");
    return check_done();
}
