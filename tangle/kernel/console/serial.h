/* Tangled from chapters/03-text-on-the-screen.nw. Edit the chapter, not this file. */
#ifndef SERIAL_H
#define SERIAL_H
#include <stddef.h>

void serial_queue(const char *text, size_t length);
void serial_flush(void);
#endif
