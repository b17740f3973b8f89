/* Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file. */
#include "user.h"

__attribute__((section(".text.start"), noreturn)) void _start(uint64_t argument)
{
    exit(main(argument));
}
