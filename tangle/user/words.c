/* Tangled from chapters/15-programs-from-a-ramdisk.nw. Edit the chapter, not this file. */
#include "user.h"

int main(uint64_t argument)
{
    char *words[16];
    int n = split_words((char *)argument, words, 16);
    printf("words, process %lld, has %d words:\n", (long long)getpid(), n);
    for (int i = 0; i < n; i++)
        printf("  %d: %s\n", i, words[i]);
    return 0;
}
