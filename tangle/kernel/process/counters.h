/* Tangled from chapters/24-a-shell-of-its-own.nw. Edit the chapter, not this file. */
#ifndef COUNTERS_H
#define COUNTERS_H
void counters_init(void);       /* the processes and memory system calls */
#endif
