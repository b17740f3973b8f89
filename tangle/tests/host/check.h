/* Tangled from chapters/01-how-this-book-works.nw. Edit the chapter, not this file. */
#ifndef CHECK_H
#define CHECK_H
#include <stdio.h>

static int check_count, check_failures;

static void check_report(int ok, const char *what, const char *file, int line)
{
    check_count++;
    if (ok) {
        printf("ok %d %s\n", check_count, what);
    } else {
        check_failures++;
        printf("not ok %d %s\n# at %s:%d\n", check_count, what, file, line);
    }
}

#define CHECK(cond, what) check_report((cond) != 0, (what), __FILE__, __LINE__)

static int check_done(void)
{
    printf("1..%d\n", check_count);
    return check_failures ? 1 : 0;
}
#endif
