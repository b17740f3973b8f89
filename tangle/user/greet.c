/* Tangled from chapters/15-programs-from-a-ramdisk.nw. Edit the chapter, not this file. */
#include "user.h"

int main(uint64_t argument)
{
    (void)argument;
    char name[32];
    size_t n = 0;
    printf("What is your name? ");
    for (;;) {
        char c;
        if (read(&c, 1) != 1)
            return 1;
        if (c == '\n')
            break;
        if (c == '\b' && n > 0) {
            n--;
            write("\b", 1);
        } else if (c >= ' ' && n < sizeof name - 1) {
            name[n++] = c;
            write(&c, 1);
        }
    }
    name[n] = '\0';
    printf("\nHello, %s! I am process %lld, loaded from the ramdisk.\n", name,
           (long long)getpid());
    return 0;
}
