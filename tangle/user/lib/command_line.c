/* Tangled from chapters/24-a-shell-of-its-own.nw. Edit the chapter, not this file. */
#include "command_line.h"

enum token {
    TOKEN_END, TOKEN_WORD, TOKEN_PIPE, TOKEN_INPUT, TOKEN_OUTPUT, TOKEN_APPEND,
    TOKEN_BACKGROUND, TOKEN_SEMICOLON, TOKEN_TOO_LONG,
};

struct scanner {
    const char *from;       /* the next character of the line */
    char *to, *end;         /* where the next byte of a word goes; the storage's end */
};

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

static bool is_operator(char c)
{
    return c == '|' || c == '<' || c == '>' || c == '&' || c == ';';
}

static bool put(struct scanner *s, char c)
{
    if (s->to == s->end)
        return false;
    *s->to++ = c;
    return true;
}
/* Copies one word into the storage without its quotes. False if it is full. */
static bool read_word(struct scanner *s)
{
    char quote = '\0', c;
    while ((c = *s->from) != '\0' &&
           (quote != '\0' || (!is_blank(c) && !is_operator(c)))) {
        s->from++;
        if (quote == '\0' && (c == '"' || c == '\''))
            quote = c;                  /* an unclosed quote runs to the end */
        else if (c == quote)
            quote = '\0';
        else if (!put(s, c))
            return false;
    }
    return put(s, '\0');
}
static enum token next_token(struct scanner *s, char **word)
{
    while (is_blank(*s->from))
        s->from++;
    char c = *s->from;
    if (c == '#')                       /* a comment runs to the end of the line */
        while (*s->from != '\0')
            s->from++;
    if (c == '\0' || c == '#')
        return TOKEN_END;
    if (!is_operator(c)) {
        *word = s->to;
        return read_word(s) ? TOKEN_WORD : TOKEN_TOO_LONG;
    }
    s->from++;
    if (c == '>' && *s->from == '>') {
        s->from++;
        return TOKEN_APPEND;
    }
    return c == '|' ? TOKEN_PIPE : c == '<' ? TOKEN_INPUT : c == '>' ? TOKEN_OUTPUT
         : c == '&' ? TOKEN_BACKGROUND : TOKEN_SEMICOLON;
}
static void start_command(struct pipeline *p)
{
    struct command *c = &p->commands[p->count++];
    c->count = 0;
    c->words[0] = NULL;
    c->input = NULL;
    c->output = NULL;
    c->append = false;
}

static const char *add_word(struct command *c, char *word)
{
    if (c->count == WORDS_MAX)
        return "too many words";
    c->words[c->count++] = word;
    c->words[c->count] = NULL;
    return NULL;
}
static const char *redirect(struct scanner *s, struct command *c, enum token t)
{
    char *file = NULL;
    enum token next = next_token(s, &file);
    if (next == TOKEN_TOO_LONG)
        return "the line is too long";
    if (next != TOKEN_WORD)
        return t == TOKEN_INPUT ? "a < with no file"
             : t == TOKEN_OUTPUT ? "a > with no file" : "a >> with no file";
    if (t == TOKEN_INPUT && c->input != NULL)
        return "two < in one command";
    if (t != TOKEN_INPUT && c->output != NULL)
        return "two > in one command";
    if (t == TOKEN_INPUT)
        c->input = file;
    else
        c->output = file;
    c->append = c->append || t == TOKEN_APPEND;
    return NULL;
}
/* Checks the command that just ended; last: the pipeline ends with it. */
static const char *end_command(struct pipeline *p, bool last)
{
    const struct command *c = &p->commands[p->count - 1];
    if (c->count > 0)
        return NULL;
    if (c->input != NULL || c->output != NULL)
        return "a redirection with no command";
    if (!last)
        return "a | with no command before it";
    if (p->count > 1)
        return "a | with no command after it";
    p->count = 0;                       /* an empty pipeline: nothing to run */
    return NULL;
}

static const char *next_command(struct pipeline *p)
{
    const char *error = end_command(p, false);
    if (error != NULL)
        return error;
    if (p->count == COMMANDS_MAX)
        return "too many commands";
    start_command(p);
    return NULL;
}

static const char *end_in_background(struct pipeline *p)
{
    const char *error = end_command(p, true);
    if (error == NULL && p->count == 0)
        error = "a & with no command before it";
    p->background = true;
    return error;
}
static const char *take(struct scanner *s, struct pipeline *p, enum token t,
                        char *word)
{
    struct command *c = &p->commands[p->count - 1];
    switch (t) {
    case TOKEN_WORD: return add_word(c, word);
    case TOKEN_INPUT:
    case TOKEN_OUTPUT:
    case TOKEN_APPEND: return redirect(s, c, t);
    case TOKEN_PIPE: return next_command(p);
    case TOKEN_BACKGROUND: return end_in_background(p);
    case TOKEN_TOO_LONG: return "the line is too long";
    default: return end_command(p, true);
    }
}
const char *parse_pipeline(const char **line, struct pipeline *p)
{
    struct scanner s = {*line, p->text, p->text + LINE_MAX};
    const char *error = NULL;
    enum token t = TOKEN_WORD;
    p->count = 0;
    p->background = false;
    start_command(p);
    while (error == NULL && t != TOKEN_END && t != TOKEN_SEMICOLON &&
           t != TOKEN_BACKGROUND) {
        char *word = NULL;
        t = next_token(&s, &word);
        error = take(&s, p, t, word);
    }
    while (error != NULL && *s.from != '\0')
        s.from++;                       /* an error ends the whole line */
    *line = s.from;
    return error;
}
