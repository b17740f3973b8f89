/* Tangled from chapters/24-a-shell-of-its-own.nw. Edit the chapter, not this file. */
#include "check.h"
#include "../../user/lib/command_line.c"
#include <string.h>

static struct pipeline p;
static const char *rest;

static const char *parse(const char *line)
{
    rest = line;
    return parse_pipeline(&rest, &p);
}

/* True if command i's words, each in [], read as expected: "[ls][-l]". */
static bool words_are(int i, const char *expected)
{
    char joined[4 * LINE_MAX] = "";
    const struct command *c = &p.commands[i];
    for (int w = 0; w < c->count; w++) {
        strcat(joined, "[");
        strcat(joined, c->words[w]);
        strcat(joined, "]");
    }
    return c->words[c->count] == NULL && strcmp(joined, expected) == 0;
}

static bool same(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static bool fails_with(const char *line, const char *message)
{
    return same(parse(line), message) && *rest == '\0';
}
/* A line of n one-letter words (n <= 26), or of n commands joined by |. */
static const char *repeated(int n, const char *between)
{
    static char line[LINE_MAX];
    line[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (i > 0)
            strcat(line, between);
        strncat(line, "abcdefghijklmnopqrstuvwxyz" + i, 1);
    }
    return line;
}
static void words_and_blanks(void)
{
    CHECK(parse("ls -l /bin") == NULL && p.count == 1 && words_are(0, "[ls][-l][/bin]") &&
          p.commands[0].input == NULL && p.commands[0].output == NULL &&
          !p.background && *rest == '\0', "plain words make one command");
    CHECK(parse("  ls\t -l  \t") == NULL && p.count == 1 && words_are(0, "[ls][-l]"),
          "spaces and tabs separate words");
    CHECK(parse("") == NULL && p.count == 0 && *rest == '\0', "an empty line: nothing");
    CHECK(parse(" \t ") == NULL && p.count == 0 && *rest == '\0',
          "a blank line: nothing");
    CHECK(parse(";") == NULL && p.count == 0 && *rest == '\0', "a lone ; is no error");
    CHECK(parse("ls; wc") == NULL && p.count == 1 && words_are(0, "[ls]") &&
          strcmp(rest, " wc") == 0, "; ends the first pipeline");
    CHECK(parse_pipeline(&rest, &p) == NULL && p.count == 1 && words_are(0, "[wc]") &&
          *rest == '\0', "the next call reads what follows the ;");
    CHECK(parse("a#b") == NULL && words_are(0, "[a#b]"), "# inside a word is text");
}

static void pipes(void)
{
    CHECK(parse("ls | wc -l") == NULL && p.count == 2 && words_are(0, "[ls]") &&
          words_are(1, "[wc][-l]"), "| joins two commands");
    CHECK(parse("ls|wc|cat") == NULL && p.count == 3 && words_are(0, "[ls]") &&
          words_are(1, "[wc]") && words_are(2, "[cat]"), "| needs no spaces");
    CHECK(fails_with("| wc", "a | with no command before it"), "| with nothing before");
    CHECK(fails_with("ls |", "a | with no command after it"), "| with nothing after");
    CHECK(fails_with("ls | ; wc", "a | with no command after it"), "| before ;");
    CHECK(fails_with("ls | &", "a | with no command after it"), "| before &");
    CHECK(fails_with("ls || wc; echo", "a | with no command before it"),
          "| twice: an error, and the rest of the line is dropped");
    CHECK(fails_with("ls | # wc", "a | with no command after it"), "| before a comment");
}
static void redirections(void)
{
    const struct command *c = &p.commands[0];
    CHECK(parse("wc < in") == NULL && same(c->input, "in") && c->output == NULL &&
          words_are(0, "[wc]"), "< names the input");
    CHECK(parse("ls > out") == NULL && same(c->output, "out") && !c->append &&
          words_are(0, "[ls]"), "> names the output");
    CHECK(parse("ls >> log") == NULL && same(c->output, "log") && c->append,
          ">> appends");
    CHECK(parse("ls>out") == NULL && same(c->output, "out") && words_are(0, "[ls]"),
          "> needs no spaces");
    CHECK(parse("wc<in>>log -l") == NULL && same(c->input, "in") &&
          same(c->output, "log") && c->append && words_are(0, "[wc][-l]"),
          "< and >> without spaces, a word after them");
    CHECK(parse("> out ls") == NULL && same(c->output, "out") && words_are(0, "[ls]"),
          "a redirection may come before the name");
    CHECK(parse("cat < a | wc > b") == NULL && p.count == 2 && same(c->input, "a") &&
          same(p.commands[1].output, "b"), "redirections in a pipeline");
    CHECK(parse("ls > \"my file\"") == NULL && same(c->output, "my file"),
          "a quoted file name");
}

static void redirection_errors(void)
{
    CHECK(fails_with("ls <", "a < with no file"), "< with no file");
    CHECK(fails_with("ls >", "a > with no file"), "> with no file");
    CHECK(fails_with("ls >>", "a >> with no file"), ">> with no file");
    CHECK(fails_with("ls > | wc", "a > with no file"), "> followed by |");
    CHECK(fails_with("ls > # out", "a > with no file"), "> followed by a comment");
    CHECK(fails_with("wc < a < b", "two < in one command"), "two <");
    CHECK(fails_with("ls > a >> b", "two > in one command"), "> and >>");
    CHECK(fails_with("> out", "a redirection with no command"), "only a redirection");
    CHECK(fails_with("ls | < in", "a redirection with no command"),
          "a redirection alone after |");
}
static void background(void)
{
    CHECK(parse("sleep 5 &") == NULL && p.background && p.count == 1 &&
          words_are(0, "[sleep][5]") && *rest == '\0', "& runs in the background");
    CHECK(parse("a&b") == NULL && p.background && words_are(0, "[a]") &&
          strcmp(rest, "b") == 0, "& ends the pipeline, like ;");
    CHECK(parse_pipeline(&rest, &p) == NULL && !p.background && words_are(0, "[b]"),
          "what follows & is the next pipeline");
    CHECK(parse("ls ; wc") == NULL && !p.background, "; is not the background");
    CHECK(fails_with("&", "a & with no command before it"), "a lone &");
    CHECK(fails_with("   & ls", "a & with no command before it"), "& after blanks");
}

static void comments(void)
{
    CHECK(parse("ls # list it") == NULL && words_are(0, "[ls]") && *rest == '\0',
          "# starts a comment");
    CHECK(parse("# only a comment") == NULL && p.count == 0, "a comment alone");
    CHECK(parse("ls #x; wc") == NULL && p.count == 1 && *rest == '\0',
          "a comment hides a ;");
    CHECK(parse("ls;#x") == NULL && words_are(0, "[ls]") &&
          parse_pipeline(&rest, &p) == NULL && p.count == 0 && *rest == '\0',
          "a comment after ;");
}
static void quotes(void)
{
    CHECK(parse("echo \"a b\" c") == NULL && words_are(0, "[echo][a b][c]"),
          "double quotes keep spaces");
    CHECK(parse("echo 'a  \tb'") == NULL && words_are(0, "[echo][a  \tb]"),
          "single quotes keep spaces and tabs");
    CHECK(parse("echo \"a|b;c>d<e&f#g\"") == NULL && p.count == 1 &&
          words_are(0, "[echo][a|b;c>d<e&f#g]") && p.commands[0].output == NULL,
          "operators inside quotes are text");
    CHECK(parse("a\"b c\"d") == NULL && words_are(0, "[ab cd]"),
          "quotes in the middle of a word");
    CHECK(parse("\"it's\" 'say \"hi\"'") == NULL && words_are(0, "[it's][say \"hi\"]"),
          "each kind of quote holds the other");
    CHECK(parse("echo \"\" x ''") == NULL && words_are(0, "[echo][][x][]"),
          "empty quotes are an empty word");
    CHECK(parse("echo \"a | b") == NULL && p.count == 1 && words_are(0, "[echo][a | b]"),
          "an unclosed quote runs to the end of the line");
    CHECK(parse("\"#x\" y") == NULL && words_are(0, "[#x][y]"), "a quoted # is text");
}
static void limits(void)
{
    CHECK(parse(repeated(WORDS_MAX, " ")) == NULL && p.commands[0].count == WORDS_MAX &&
          p.commands[0].words[WORDS_MAX] == NULL, "WORDS_MAX words fit");
    CHECK(fails_with(repeated(WORDS_MAX + 1, " "), "too many words"),
          "one word more is refused");
    CHECK(parse(repeated(COMMANDS_MAX, "|")) == NULL && p.count == COMMANDS_MAX &&
          words_are(COMMANDS_MAX - 1, "[h]"), "COMMANDS_MAX commands fit");
    CHECK(fails_with(repeated(COMMANDS_MAX + 1, "|"), "too many commands"),
          "one command more is refused");
    char line[3 * LINE_MAX];
    memset(line, 'x', sizeof line);
    line[LINE_MAX - 1] = '\0';
    CHECK(parse(line) == NULL && strlen(p.commands[0].words[0]) == LINE_MAX - 1,
          "a word of LINE_MAX - 1 bytes fits");
    line[LINE_MAX - 1] = 'x';
    line[LINE_MAX] = '\0';
    CHECK(fails_with(line, "the line is too long"), "a longer one is refused");
    line[sizeof line - 1] = '\0';
    line[10] = '>';
    CHECK(fails_with(line, "the line is too long"), "so is a long file name");
}

int main(void)
{
    words_and_blanks();
    pipes();
    redirections();
    redirection_errors();
    background();
    quotes();
    comments();
    limits();
    return check_done();
}
