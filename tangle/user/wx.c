/* Tangled from chapters/15-programs-from-a-ramdisk.nw. Edit the chapter, not this file. */
#include "user.h"

int main(uint64_t argument)
{
    (void)argument;
    printf("wx: writing over my own code at %p...\n", (void *)main);
    *(volatile uint8_t *)(uintptr_t)main = 0xC3;
    printf("wx: my code was writable. W^X is broken!\n");
    return 1;
}
