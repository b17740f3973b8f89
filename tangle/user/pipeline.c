/* Tangled from chapters/18-descriptors-and-pipes.nw. Edit the chapter, not this file. */
#include "user.h"

int main(uint64_t argument)
{
    char *line = (char *)argument, *rest = line;
    int64_t ends[2];
    while (*rest != '\0' && *rest != ' ')
        rest++;
    if (*rest == ' ')
        *rest++ = '\0';
    if (*line == '\0' || pipe(ends) < 0) {
        printf("usage: pipeline PROGRAM [WORDS]: runs PROGRAM WORDS | wc\n");
        return 1;
    }
    int64_t writer_files[] = {0, ends[1], 2}, reader_files[] = {ends[0], 1, 2};
    int64_t writer = spawn_with(line, rest, writer_files, 3);
    int64_t reader = spawn_with("wc", "", reader_files, 3);
    close(ends[0]);
    close(ends[1]);
    struct ending how;
    if (writer >= 0)
        wait(writer, &how);
    if (reader >= 0)
        wait(reader, &how);
    return writer >= 0 && reader >= 0 ? 0 : 1;
}
