/* Tangled from chapters/16-a-screen-on-any-pc.nw. Edit the chapter, not this file. */
#ifndef FONT_H
#define FONT_H
#include <stdint.h>

extern const uint8_t console_font[], console_font_end[];
#endif
