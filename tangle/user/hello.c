/* Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file. */
#include "user.h"

int main(uint64_t argument)
{
    (void)argument;
    write_string("Hello from ring 3! I am program number ");
    write_decimal((uint64_t)getpid());
    write_string(".\n");
    return 0;
}
