/* Tangled from chapters/06-double-faults.nw. Edit the chapter, not this file. */
#include "overflow.h"

__attribute__((noinline)) int overflow_the_stack(int depth)
{
    volatile char frame[512];
    frame[depth % 512] = (char)depth;
    if (depth < 0)
        return 0;
    return overflow_the_stack(depth + 1) + frame[depth % 512];
}
