/* Tangled from chapters/23-files-for-programs.nw. Edit the chapter, not this file. */
#include "user.h"

int main(uint64_t argument)
{
    printf("%s\n", (const char *)(uintptr_t)argument);
    return 0;
}
