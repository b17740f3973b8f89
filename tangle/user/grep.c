/* Tangled from chapters/24-a-shell-of-its-own.nw. Edit the chapter, not this file. */
#include "user.h"

#define GREP_LINE_MAX 255       /* bytes grep looks at as one line; longer lines
                                   are looked at, and shown, in pieces this long */

struct search {
    const char *text;
    const char *prefix;         /* the file's name when there are several, or NULL */
    bool matched;
};

static bool contains(const char *line, uint64_t length, const char *text)
{
    uint64_t n = strlen(text);
    for (uint64_t i = 0; i + n <= length; i++) {
        uint64_t j = 0;
        while (j < n && line[i + j] == text[j])
            j++;
        if (j == n)
            return true;
    }
    return false;
}
static void look_at(struct search *s, const char *line, uint64_t length)
{
    if (!contains(line, length, s->text))
        return;
    s->matched = true;
    if (s->prefix != NULL)
        printf("%s:", s->prefix);
    write_to(1, line, length);
    write_to(1, "\n", 1);
}
/* Looks at each line of fd to its end; 0, or an error. */
static int64_t search(struct search *s, int64_t fd)
{
    char buffer[512], line[GREP_LINE_MAX];
    uint64_t length = 0;
    int64_t n;
    while ((n = read_from(fd, buffer, sizeof buffer)) > 0)
        for (int64_t i = 0; i < n; i++) {
            if (buffer[i] != '\n')
                line[length++] = buffer[i];
            if (buffer[i] == '\n' || length == sizeof line) {
                look_at(s, line, length);
                length = 0;
            }
        }
    if (length > 0)
        look_at(s, line, length);       /* the last line, without its newline */
    return n;
}

static int search_path(struct search *s, const char *path)
{
    int64_t fd = open(path, OPEN_READ), r = fd < 0 ? fd : search(s, fd);
    if (r < 0)
        printf_to(2, "grep: %s: %s\n", path, error_text(r));
    if (fd >= 0)
        close(fd);
    return r < 0;
}
int main(uint64_t argument)
{
    char *words[USER_ARGUMENTS_MAX / 2];
    int count = split_words((char *)(uintptr_t)argument, words, USER_ARGUMENTS_MAX / 2);
    int failed = 0;
    if (count == 0) {
        printf_to(2, "usage: grep TEXT [FILE...]\n");
        return 2;
    }
    struct search s = {words[0], NULL, false};
    int64_t r = count == 1 ? search(&s, 0) : 0;
    if (r < 0) {
        printf_to(2, "grep: input: %s\n", error_text(r));
        failed = 1;
    }
    for (int i = 1; i < count; i++) {
        s.prefix = count > 2 ? words[i] : NULL;
        failed |= search_path(&s, words[i]);
    }
    return failed ? 2 : s.matched ? 0 : 1;
}
