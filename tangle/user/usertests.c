/* Tangled from chapters/18-descriptors-and-pipes.nw. Edit the chapter, not this file. */
#include "user.h"

static int passed, failed;

static void check(bool ok, const char *what)
{
    if (ok)
        passed++;
    else
        failed++;
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
}

static bool starts_with(const char *s, const char *prefix)
{
    while (*prefix != '\0')
        if (*s++ != *prefix++)
            return false;
    return true;
}

static void refused_descriptors(void)
{
    char c = 'x';
    void *kernel = (void *)0xFFFF800000100000ull;
    int64_t ends[2], list[3] = {0, 1, 2};
    check(read_from(-1, &c, 1) == -E_BADF, "read_from(-1) is refused");
    check(write_to(FD_MAX, &c, 1) == -E_BADF, "write_to(FD_MAX) is refused");
    check(write_to(9, &c, 1) == -E_BADF, "a descriptor never opened is refused");
    check(close(1ll << 40) == -E_BADF, "close of a huge number is refused");
    check(dup(-5) == -E_BADF && dup2(0, FD_MAX) == -E_BADF, "dup and dup2 check both");
    check(write_to(1, kernel, 4) == -E_FAULT, "writing from kernel memory is refused");
    check(read_from(0, (void *)8, 4) == -E_FAULT, "reading into page 0 is refused");
    check(pipe((int64_t *)kernel) == -E_FAULT, "pipe into kernel memory is refused");
    check(pipe(ends) == 0 && close(ends[0]) == 0 && close(ends[1]) == 0,
          "a refused pipe left the table usable");
    check(spawn_with("wc", "", kernel, 3) == -E_FAULT, "a list in kernel memory");
    check(spawn_with("wc", "", list, FD_MAX + 1) == -E_INVAL, "a list too long");
    list[1] = 12;
    check(spawn_with("wc", "", list, 3) == -E_BADF, "a list naming a closed descriptor");
    int64_t saved_in = dup(0), saved_out = dup(1);
    bool moved = pipe(ends) == 0 && dup2(ends[1], 1) == 1 && dup2(ends[0], 0) == 0;
    int64_t wrote = write(kernel, 4), wrote_ok = write("kept", 4);
    int64_t read_bad = read((void *)8, 4), read_ok = read(&c, 1);
    dup2(saved_in, 0), dup2(saved_out, 1);
    close(saved_in), close(saved_out), close(ends[0]), close(ends[1]);
    check(moved, "descriptors 0 and 1 can name a pipe");
    check(wrote == -E_FAULT && wrote_ok == 4, "write from kernel memory into a pipe");
    check(read_bad == -E_FAULT && read_ok == 1 && c == 'k',
          "read into page 0 from a pipe loses nothing");
}
static void pipe_in_one_process(void)
{
    int64_t ends[2];
    char got[16] = {0};
    check(pipe(ends) == 0 && ends[0] >= 3 && ends[1] == ends[0] + 1,
          "pipe gives the two lowest free descriptors");
    check(write_to(ends[1], "hello", 5) == 5, "five bytes go in");
    check(read_from(ends[0], got, sizeof got) == 5 && got[0] == 'h' && got[4] == 'o',
          "the same five come out, in order");
    check(read_from(ends[1], got, 1) == -E_BADF && write_to(ends[0], "x", 1) == -E_BADF,
          "each end refuses the other end's call");
    int64_t copy = dup(ends[1]);
    check(copy == ends[1] + 1 && close(ends[1]) == 0, "dup takes the lowest free number");
    check(write_to(copy, "ab", 2) == 2 && read_from(ends[0], got, 16) == 2,
          "the copy still writes after the original closed");
    check(close(copy) == 0 && read_from(ends[0], got, 16) == 0,
          "the end of file comes when the last writer closes");
    check(close(ends[0]) == 0 && close(ends[0]) == -E_BADF,
          "a closed descriptor is gone");
    check(pipe(ends) == 0 && close(ends[0]) == 0, "a second pipe, its reader closed");
    check(write_to(ends[1], "lost", 4) == -E_PIPE, "writing with no reader fails");
    close(ends[1]);
}
static void full_table(void)
{
    int64_t ends[8][2];
    int made = 0;
    while (made < 8 && pipe(ends[made]) == 0)
        made++;
    check(made == (FD_MAX - 3) / 2, "six pipes fill the table");
    int64_t one = dup(0);
    check(one == FD_MAX - 1 && dup(0) == -E_NOFILE, "the last number was left free");
    close(one);
    for (int i = 0; i < made; i++)
        close(ends[i][0]), close(ends[i][1]);
    check(dup(0) == 3 && close(3) == 0, "closing gave every number back");
}
static void pipe_between_processes(void)
{
    int64_t in[2], out[2];
    char text[100], answer[64] = {0};
    for (int i = 0; i < 100; i++)
        text[i] = i % 50 == 49 ? '\n' : 'w';
    pipe(in);
    pipe(out);
    int64_t files[] = {in[0], out[1], 2};
    int64_t pid = spawn_with("wc", "", files, 3);
    close(in[0]);
    close(out[1]);
    bool all_in = true;
    for (int i = 0; i < 50; i++)
        all_in = all_in && write_to(in[1], text, 100) == 100;
    close(in[1]);
    int64_t n, got = 0;
    while ((n = read_from(out[0], answer + got, sizeof answer - 1 - got)) > 0)
        got += n;
    close(out[0]);
    struct ending how;
    check(pid > 0 && all_in, "5,000 bytes go through a pipe of 512");
    check(starts_with(answer, "100 lines, 100 words, 5000 bytes"), "wc counts them all");
    check(wait(pid, &how) == pid && how.how == ENDED_EXIT && how.status == 0,
          "wc ended well");
}

int main(uint64_t argument)
{
    (void)argument;
    refused_descriptors();
    pipe_in_one_process();
    full_table();
    pipe_between_processes();
    printf("usertests: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
