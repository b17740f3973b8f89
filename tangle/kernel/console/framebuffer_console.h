/* Tangled from chapters/16-a-screen-on-any-pc.nw. Edit the chapter, not this file. */
#ifndef FRAMEBUFFER_CONSOLE_H
#define FRAMEBUFFER_CONSOLE_H

void framebuffer_console_start(void);
#endif
