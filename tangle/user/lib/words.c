/* Tangled from chapters/15-programs-from-a-ramdisk.nw. Edit the chapter, not this file. */
#include "user.h"

int split_words(char *line, char *words[], int max)
{
    int n = 0;
    while (*line != '\0' && n < max) {
        while (*line == ' ')
            *line++ = '\0';
        if (*line == '\0')
            break;
        char end = ' ';
        if (*line == '"') {             /* a quoted word keeps its spaces */
            end = '"';
            *line++ = '\0';
        }
        words[n++] = line;
        while (*line != '\0' && *line != end)
            line++;
        if (*line == '"')
            *line++ = '\0';
    }
    return n;
}
