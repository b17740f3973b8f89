/* Tangled from chapters/06-double-faults.nw. Edit the chapter, not this file. */
#ifndef OVERFLOW_H
#define OVERFLOW_H

int overflow_the_stack(int depth);
#endif
