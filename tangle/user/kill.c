/* Tangled from chapters/24-a-shell-of-its-own.nw. Edit the chapter, not this file. */
#include "user.h"

int main(uint64_t argument)
{
    char *words[USER_ARGUMENTS_MAX / 2];
    int count = split_words((char *)(uintptr_t)argument, words, USER_ARGUMENTS_MAX / 2);
    int failed = 0;
    if (count == 0) {
        printf_to(2, "usage: kill PID...\n");
        return 2;
    }
    for (int i = 0; i < count; i++) {
        int64_t pid, r = -E_INVAL;
        if (!parse_decimal(words[i], &pid))
            printf_to(2, "kill: %s: not a process number\n", words[i]);
        else if ((r = kill(pid)) < 0)
            printf_to(2, "kill: %s: %s\n", words[i], error_text(r));
        failed |= r < 0;
    }
    return failed;
}
