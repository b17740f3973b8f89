/* Tangled from chapters/24-a-shell-of-its-own.nw. Edit the chapter, not this file. */
#include "../../user/lib/command_line.c"
#include <stdlib.h>
#include <string.h>

static void check_command(const struct command *c, const struct pipeline *p)
{
    if (c->count < 1 || c->count > WORDS_MAX || c->words[c->count] != NULL)
        abort();
    for (int w = 0; w < c->count; w++)
        if (c->words[w] < p->text || c->words[w] >= p->text + LINE_MAX)
            abort();                    /* every word lies in the storage */
    if (c->append && c->output == NULL)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct pipeline p;
    char line[LINE_MAX];
    size_t n = size < LINE_MAX - 1 ? size : LINE_MAX - 1;
    memcpy(line, data, n);
    line[n] = '\0';
    const char *rest = line, *before;
    do {
        before = rest;
        const char *error = parse_pipeline(&rest, &p);
        if (rest <= before && *before != '\0')
            abort();                    /* every call reads something */
        if (rest < line || rest > line + strlen(line))
            abort();
        bool too_long = error != NULL && strcmp(error, "the line is too long") == 0;
        if ((error != NULL && *rest != '\0') || too_long)
            abort();                    /* a line this short always fits */
        if (error != NULL || p.count < 0 || p.count > COMMANDS_MAX)
            break;
        for (int i = 0; i < p.count; i++)
            check_command(&p.commands[i], &p);
    } while (*rest != '\0');
    return 0;
}
