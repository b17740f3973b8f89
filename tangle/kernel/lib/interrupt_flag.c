/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#include "interrupt_flag.h"

uint64_t interrupts_off_since, interrupts_off_longest;
