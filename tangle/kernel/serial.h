/* Tangled from chapters/03-text-on-the-screen.nw. Edit the chapter, not this file. */
#ifndef SERIAL_H
#define SERIAL_H
#include <stddef.h>

void serial_write(const char *text, size_t length);
#endif
