/* Tangled from chapters/12-a-shell.nw (with 13-user-mode.nw). Edit the chapter, not this file. */
#ifndef SHELL_H
#define SHELL_H
#include "keystream.h"

#define SHELL_LINE_MAX 76

struct shell {
    struct future base;
    struct key_future key;
    char line[SHELL_LINE_MAX + 1];
    unsigned length;
    bool prompted, too_long;
};

void shell_init(struct shell *s);
#include "user.h"
void shell_start_program(const struct user_program *program, char *args);
#endif
