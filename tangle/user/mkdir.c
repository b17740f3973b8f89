/* Tangled from chapters/23-files-for-programs.nw. Edit the chapter, not this file. */
#include "user.h"

int main(uint64_t argument)
{
    char *paths[16];
    int count = split_words((char *)(uintptr_t)argument, paths, 16), failed = 0;
    for (int i = 0; i < count; i++) {
        int64_t r = mkdir(paths[i]);
        if (r < 0)
            printf_to(2, "mkdir: %s: %s\n", paths[i], error_text(r));
        failed |= r < 0;
    }
    if (count == 0)
        printf_to(2, "usage: mkdir PATH...\n");
    return count == 0 || failed;
}
