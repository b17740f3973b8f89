/* Tangled from chapters/14-processes.nw. Edit the chapter, not this file. */
#include "user.h"

int main(uint64_t argument)
{
    (void)argument;
    write_string("spin: spinning; kill me when you have seen enough\n");
    for (volatile uint64_t i = 0;; i++)
        ;
}
