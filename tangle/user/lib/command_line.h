/* Tangled from chapters/24-a-shell-of-its-own.nw. Edit the chapter, not this file. */
#ifndef COMMAND_LINE_H
#define COMMAND_LINE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
/* The shell's grammar, kept apart from the shell so the host can test it. */

#define LINE_MAX 128        /* bytes of a line, with its final 0 */
#define WORDS_MAX 16        /* words of one command */
#define COMMANDS_MAX 8      /* commands of one pipeline */

struct command {
    char *words[WORDS_MAX + 1];     /* words[count] is NULL */
    int count;
    const char *input, *output;     /* the files of < and > (or >>), or NULL */
    bool append;                    /* the output came with >> */
};

struct pipeline {
    struct command commands[COMMANDS_MAX];
    int count;                      /* 0: nothing to run */
    bool background;                /* it ended with & */
    char text[LINE_MAX];            /* the words, quotes removed, each ending in 0 */
};

/* Parses one pipeline from *line, up to and past its ';' or '&', or to the end
   of the line, and moves *line past what it read. Returns NULL, or a message
   saying what is wrong; then *line points at the end of the line. */
const char *parse_pipeline(const char **line, struct pipeline *p);
#endif
