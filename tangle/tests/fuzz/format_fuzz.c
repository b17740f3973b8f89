/* Tangled from chapters/04-testing-a-kernel.nw. Edit the chapter, not this file. */
#include "../../kernel/lib/format.c"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CONVERSIONS 8
static const char *const flag_text[] = {"", "-", "0", "-0"};
static const char *const size_text[] = {"", "l", "ll", "z"};
static const char *const strings[] = {"", "a", "hello, world", NULL, "0123456789abcdef"};

static size_t take(const uint8_t **data, size_t *size, void *to, size_t want)
{
    size_t n = *size < want ? *size : want;
    memset(to, 0, want);
    memcpy(to, *data, n);
    *data += n;
    *size -= n;
    return n;
}

struct program {
    char kernel[512], libc[512];
    uint64_t args[MAX_CONVERSIONS];
    int count;
};

static void add_conversion(struct program *p, const uint8_t op[3], uint64_t arg)
{
    char conversion = "diuxXpsc%"[op[0] % 9], spec[16] = "%";
    if (conversion == 's')
        arg = (uint64_t)(uintptr_t)strings[arg % 5];
    if (conversion != '%')                      /* %% takes no argument */
        p->args[p->count++] = arg;
    if (conversion != 'p' && conversion != '%') {
        strcat(spec, flag_text[op[1] % 4]);
        if (op[2] % 100 != 0)
            sprintf(spec + strlen(spec), "%u", op[2] % 100);
        if (strchr("diuxX", conversion) != NULL)
            strcat(spec, size_text[op[1] >> 2 & 3]);
    }
    sprintf(p->kernel + strlen(p->kernel), "%s%c", spec, conversion);
    if (conversion == 'p')
        strcat(p->libc, "0x%016lx");
    else
        sprintf(p->libc + strlen(p->libc), "%s%c", spec, conversion);
}
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct program p = {.count = 0};
    uint8_t out_size = 0, op[3], text[3];
    uint64_t arg;
    take(&data, &size, &out_size, 1);
    for (int i = 0; i < MAX_CONVERSIONS && size > 0; i++) {
        take(&data, &size, op, 3);
        take(&data, &size, &arg, 8);
        size_t n = take(&data, &size, text, op[0] >> 6);
        for (size_t t = 0; t < n; t++)
            if (text[t] != '%' && text[t] != '\0') {
                strncat(p.kernel, (const char *)&text[t], 1);
                strncat(p.libc, (const char *)&text[t], 1);
            }
        add_conversion(&p, op, arg);
    }
    char mine[256], theirs[256];
    memset(mine, '#', sizeof mine);
    memset(theirs, '#', sizeof theirs);
    uint64_t *a = p.args;
    size_t kn = ksnprintf(mine, out_size, p.kernel, a[0], a[1], a[2], a[3], a[4], a[5],
                          a[6], a[7]);
    int cn = snprintf(theirs, out_size, p.libc, a[0], a[1], a[2], a[3], a[4], a[5], a[6],
                      a[7]);
    if (cn < 0 || kn != (size_t)cn || memcmp(mine, theirs, sizeof mine) != 0) {
        fprintf(stderr, "format \"%s\", buffer of %u\n", p.kernel, out_size);
        fprintf(stderr, "kernel %zu \"%.*s\"\nlibc   %d \"%.*s\"\n",
                kn, out_size, mine, cn, out_size, theirs);
        abort();
    }
    return 0;
}
