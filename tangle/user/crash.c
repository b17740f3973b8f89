/* Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file. */
#include "user.h"

int main(uint64_t argument)
{
    (void)argument;
    write_string("crash: writing to the kernel at 0x100000...\n");
    *(volatile uint64_t *)0x100000 = 0;
    write_string("crash: the write went through. It should not have!\n");
    return 1;
}
