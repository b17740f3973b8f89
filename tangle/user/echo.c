/* Tangled from chapters/23-files-for-programs.nw. Edit the chapter, not this file. */
#include "user.h"

int main(uint64_t argument)
{
    char *words[16];
    int count = split_words((char *)(uintptr_t)argument, words, 16);
    for (int i = 0; i < count; i++)
        printf("%s%s", i > 0 ? " " : "", words[i]);
    printf("\n");
    return 0;
}
