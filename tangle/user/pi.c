/* Tangled from chapters/15-programs-from-a-ramdisk.nw. Edit the chapter, not this file. */
#include "user.h"

int main(uint64_t argument)
{
    uint64_t terms = 0;
    for (const char *p = (const char *)argument; *p >= '0' && *p <= '9'; p++)
        terms = terms * 10 + (uint64_t)(*p - '0');
    if (terms == 0)
        terms = 1000000;
    double sum = 0;
    for (uint64_t k = 0; k < terms; k++)
        sum += (k % 2 ? -4.0 : 4.0) / (double)(2 * k + 1);
    printf("pi is about %.10f after %llu terms\n", sum, (unsigned long long)terms);
    return 0;
}
