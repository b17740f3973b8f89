/* Tangled from chapters/23-files-for-programs.nw. Edit the chapter, not this file. */
#include "user.h"

static int copy(int64_t from, const char *name)
{
    char buffer[512];
    int64_t n;
    while ((n = read_from(from, buffer, sizeof buffer)) > 0)
        if (write_to(1, buffer, (uint64_t)n) != n)
            return 1;
    if (n < 0)
        printf_to(2, "cat: %s: %s\n", name, error_text(n));
    return n < 0;
}

int main(uint64_t argument)
{
    char *paths[16];
    int count = split_words((char *)(uintptr_t)argument, paths, 16), failed = 0;
    if (count == 0)
        return copy(0, "input");
    for (int i = 0; i < count; i++) {
        int64_t fd = open(paths[i], OPEN_READ);
        if (fd < 0)
            printf_to(2, "cat: %s: %s\n", paths[i], error_text(fd));
        failed |= fd < 0 ? 1 : copy(fd, paths[i]);
        if (fd >= 0)
            close(fd);
    }
    return failed;
}
