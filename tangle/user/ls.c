/* Tangled from chapters/23-files-for-programs.nw. Edit the chapter, not this file. */
#include "user.h"

static int list_path(const char *path)
{
    struct file_status s;
    struct name n;
    int64_t fd = open(path, OPEN_READ), r = fd < 0 ? fd : status(fd, &s);
    if (r < 0) {
        printf_to(2, "ls: %s: %s\n", path, error_text(r));
        if (fd >= 0)
            close(fd);
        return 1;
    }
    if (s.type == STATUS_FILE)
        printf("%s  %llu bytes\n", path, (unsigned long long)s.size);
    while (s.type == STATUS_DIRECTORY && (r = list(fd, &n)) == 1)
        if (n.text[0] != '.')
            printf("%s%s\n", n.text, n.type == STATUS_DIRECTORY ? "/" : "");
    close(fd);
    return r < 0 ? 1 : 0;
}

int main(uint64_t argument)
{
    char *paths[16];
    int count = split_words((char *)(uintptr_t)argument, paths, 16), failed = 0;
    if (count == 0)
        return list_path(".");
    for (int i = 0; i < count; i++)
        failed |= list_path(paths[i]);
    return failed;
}
