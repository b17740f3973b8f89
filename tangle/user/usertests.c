/* Tangled from chapters/18-descriptors-and-pipes.nw (with 23-files-for-programs.nw, 24-a-shell-of-its-own.nw). Edit the chapter, not this file. */
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
static void file_written_and_read(void)
{
    char got[32] = {0};
    struct file_status s;
    remove("/ut/f"), remove("/ut/d"), remove("/ut");
    check(mkdir("/ut") == 0 && mkdir("/ut") == -E_EXIST, "mkdir makes it, once");
    int64_t fd = open("/ut/f", OPEN_WRITE | OPEN_CREATE);
    check(fd >= 3 && write_to(fd, "hello, disk", 11) == 11, "a new file takes 11 bytes");
    check(status(fd, &s) == 0 && s.size == 11 && s.type == STATUS_FILE && s.links == 1,
          "status gives its size, type and links");
    check(read_from(fd, got, 4) == -E_BADF, "opened for writing, it cannot be read");
    close(fd);
    fd = open("/ut/f", OPEN_READ);
    check(read_from(fd, got, 5) == 5 && read_from(fd, got + 5, 20) == 6 &&
          read_from(fd, got, 1) == 0, "reads go on where the last stopped, then end");
    check(write_to(fd, "x", 1) == -E_BADF, "opened for reading, it cannot be written");
    close(fd);
    fd = open("/ut/f", OPEN_WRITE | OPEN_APPEND);
    check(write_to(fd, "!", 1) == 1 && status(fd, &s) == 0 && s.size == 12,
          "appending adds at the end");
    close(fd);
    fd = open("/ut/f", OPEN_WRITE | OPEN_TRUNCATE);
    check(status(fd, &s) == 0 && s.size == 0, "truncating empties it");
    close(fd);
}
static bool lists_f(int64_t fd)
{
    struct name n;
    bool found = false;
    while (list(fd, &n) == 1)
        found = found || (n.text[0] == 'f' && n.text[1] == '\0' && n.type == STATUS_FILE);
    return found;
}

static void names_and_directories(void)
{
    int64_t fd = open("/ut", OPEN_READ);
    check(fd >= 3 && lists_f(fd), "list finds f in /ut");
    check(read_from(fd, &fd, 1) == -E_ISDIR, "a directory is not read as bytes");
    close(fd);
    check(open("/ut", OPEN_WRITE) == -E_ISDIR, "a directory is not opened for writing");
    check(chdir("/ut/f") == -E_NOTDIR && chdir("/ut") == 0, "chdir takes directories");
    fd = open("f", OPEN_READ);
    struct name n;
    check(fd >= 3 && list(fd, &n) == -E_NOTDIR,
          "a relative path; list wants a directory");
    close(fd);
    check(mkdir("d") == 0 && remove("/ut") == -E_NOTEMPTY, "a full directory stays");
    check(remove(".") == -E_INVAL && remove("..") == -E_INVAL, ". and .. stay too");
    check(status(1, (struct file_status *)&n) == -E_BADF, "the console has no status");
    int64_t ends[2];
    pipe(ends);
    int64_t files[] = {0, ends[1], 2};
    int64_t pid = spawn_with("ls", "", files, 3);
    close(ends[1]);
    char out[64] = {0};
    for (int64_t got = 0, r; (r = read_from(ends[0], out + got, 63 - got)) > 0;)
        got += r;
    close(ends[0]);
    wait(pid, NULL);
    check(starts_with(out, "f\nd/\n"), "a child's ls lists the directory it inherited");
    chdir("/");
}
static void open_files_and_limits(void)
{
    char got[8] = {0};
    struct file_status s;
    int64_t fd = open("/ut/g", OPEN_READ | OPEN_WRITE | OPEN_CREATE), many[FD_MAX];
    check(write_to(fd, "kept", 4) == 4 && remove("/ut/g") == 0, "removed while open");
    int64_t again = dup(fd);
    close(fd);
    check(open("/ut/g", OPEN_READ) == -E_NOENT, "its name is gone");
    check(status(again, &s) == 0 && s.links == 0 && s.size == 4, "its bytes are not");
    check(read_from(again, got, 4) == 0, "the shared offset is at its end");
    close(again);
    int opened = 0;
    while (opened < FD_MAX && (many[opened] = open("/ut/f", OPEN_READ)) >= 0)
        opened++;
    check(opened == FD_MAX - 3 && open("/ut/f", OPEN_READ) == -E_NOFILE,
          "thirteen opens fill the table");
    for (int i = 0; i < opened; i++)
        close(many[i]);
    check(open("/ut/f", 0) == -E_INVAL && open("/ut/f", OPEN_READ | 64) == -E_INVAL &&
          open("/ut/f", OPEN_READ | OPEN_TRUNCATE) == -E_INVAL, "flags are checked");
    remove("/ut/f"), remove("/ut/d"), remove("/ut");
}
static void file_calls_refuse_bad_pointers(void)
{
    void *kernel = (void *)0xFFFF800000100000ull, *low = (void *)8;
    char endless[PATH_MAX + 8];
    for (size_t i = 0; i < sizeof endless; i++)
        endless[i] = 'a';
    check(open(kernel, OPEN_READ) == -E_FAULT && open(low, OPEN_READ) == -E_FAULT,
          "open refuses paths it may not read");
    check(mkdir(kernel) == -E_FAULT && remove(low) == -E_FAULT &&
          chdir(kernel) == -E_FAULT, "mkdir, remove and chdir too");
    check(open(endless, OPEN_READ) == -E_FAULT, "a path with no end is refused");
    int64_t fd = open("/", OPEN_READ);
    check(status(fd, kernel) == -E_FAULT && list(fd, low) == -E_FAULT,
          "status and list refuse answers they may not write");
    check(read_from(fd, kernel, 4) == -E_FAULT, "a read into kernel memory is refused");
    close(fd);
}
static int64_t copy_with_cat(const char *to)
{
    int64_t dst = open(to, OPEN_WRITE | OPEN_CREATE | OPEN_TRUNCATE);
    int64_t files[] = {0, dst, 2};
    int64_t pid = spawn_with("cat", "/kill-source", files, 3);
    close(dst);
    return pid;
}

static uint64_t same_bytes(const char *a, const char *b)
{                                       /* how long b is, if it is a prefix of a */
    static char x[4096], y[4096];
    int64_t fa = open(a, OPEN_READ), fb = open(b, OPEN_READ), n, length = 0;
    bool prefix = fa >= 0 && fb >= 0;
    while (prefix && (n = read_from(fb, y, sizeof y)) > 0) {
        prefix = read_from(fa, x, (uint64_t)n) == n;
        for (int64_t k = 0; prefix && k < n; k++)
            prefix = x[k] == y[k];
        length += n;
    }
    close(fa), close(fb);
    return prefix ? (uint64_t)length : UINT64_MAX;
}
static void a_copy_killed_halfway(void)
{
    static char data[8192];
    int64_t src = open("/kill-source", OPEN_WRITE | OPEN_CREATE | OPEN_TRUNCATE);
    for (int i = 0; i < 32; i++) {
        for (size_t k = 0; k < sizeof data; k++)
            data[k] = (char)('a' + (i * 7 + k) % 26);
        write_to(src, data, sizeof data);
    }
    close(src);
    int64_t killed = copy_with_cat("/kill-copy"), other = copy_with_cat("/kill-other");
    sleep(20);
    kill(killed);
    struct ending how, other_how;
    check(wait(killed, &how) == killed &&
          (how.how == ENDED_KILLED || how.how == ENDED_EXIT),
          "cat, killed while copying, ends");
    check(wait(other, &other_how) == other && other_how.how == ENDED_EXIT &&
          same_bytes("/kill-source", "/kill-other") == 32 * sizeof data,
          "the other cat copies the whole file");
    check(same_bytes("/kill-source", "/kill-copy") != UINT64_MAX,
          "what the killed one copied is a prefix of the source");
    check(remove("/kill-copy") == 0 && remove("/kill-other") == 0 &&
          remove("/kill-source") == 0 && mkdir("/k") == 0 && remove("/k") == 0,
          "the file system takes new calls after the kill");
}
static bool entry_of_pid(int64_t pid, struct process_entry *found)
{
    struct process_entry table[32];
    int64_t n = processes(table, 32);
    for (int64_t i = 0; i < n; i++)
        if ((int64_t)table[i].pid == pid) {
            *found = table[i];
            return true;
        }
    return false;
}

static const char *decimal(int64_t n, char text[24])
{
    int i = 23;
    text[i] = '\0';
    do {
        text[--i] = (char)('0' + n % 10);
        n /= 10;
    } while (n > 0);
    return text + i;
}
static void jobs_started_and_joined(void)
{
    struct process_entry first = {0}, second = {0};
    struct ending how;
    int64_t a = spawn_job("spin", "", NULL, 0, JOB_BACKGROUND);
    int64_t b = a > 0 ? spawn_job("spin", "", NULL, 0, a) : -1;
    check(a > 0 && b > 0 && entry_of_pid(a, &first) && entry_of_pid(b, &second),
          "a background job and a process that joins it");
    check((int64_t)first.job == a && (int64_t)second.job == a &&
          first.parent == (uint64_t)getpid(), "both are in the job named by the first");
    check(first.foreground == 0 && second.foreground == 0,
          "a background job does not have the keyboard");
    check(spawn_job("spin", "", NULL, 0, getpid()) == -E_SRCH &&
          spawn_job("spin", "", NULL, 0, 0) == -E_INVAL &&
          spawn_job("spin", "", NULL, 0, -3) == -E_INVAL, "bad jobs are refused");
    kill(a);
    sleep(20);                  /* a ends, but is not waited for */
    int64_t c = spawn_job("spin", "", NULL, 0, a);
    check(c > 0 && entry_of_pid(c, &second) && (int64_t)second.job == a,
          "a job can be joined after its first process ended");
    check(kill(b) == 0 && kill(c) == 0 && wait(a, &how) == a && wait(b, &how) == b &&
          wait(c, &how) == c && how.how == ENDED_KILLED, "the three are killed");
}
static int64_t status_of(const char *name, const char *arguments)
{
    struct ending how = {ENDED_NOT_STARTED, -1};
    int64_t pid = spawn(name, arguments);
    if (pid < 0 || wait(pid, &how) != pid || how.how != ENDED_EXIT)
        return -1;
    return how.status;
}

static void kill_reaches_siblings_only(void)
{
    char text[24];
    struct ending how;
    int64_t sibling = spawn("spin", "");
    check(status_of("kill", decimal(sibling, text)) == 0 &&
          wait(sibling, &how) == sibling && how.how == ENDED_KILLED,
          "kill ends a sibling");
    check(status_of("kill", decimal(getpid(), text)) == 1, "kill refuses its parent");
    check(status_of("kill", "0") == 1, "kill refuses the kernel");
    check(status_of("kill", "x") == 1 && status_of("kill", "") == 2,
          "kill refuses what is not a number");
}
static void counters_and_table(void)
{
    struct process_entry me = {0}, table[2];
    struct memory_counts m = {0};
    void *kernel = (void *)0xFFFF800000100000ull;
    check(entry_of_pid(getpid(), &me) && me.state == PROCESS_ENTRY_RUNNING &&
          starts_with(me.name, "usertests"), "the table shows the caller, running");
    check(processes(table, 1) == 1 && table[0].pid == 0 && processes(table, 0) == 0,
          "the table starts with the kernel and fills only what is asked");
    check(processes(kernel, 2) == -E_FAULT && processes((void *)8, 1) == -E_FAULT,
          "processes refuses bad pointers");
    check(memory(&m) == 0 && m.frames_total > 0 && m.frames_free <= m.frames_total &&
          m.heap_in_use > 0 && m.processes >= 2, "the counters are plausible");
    check(memory(kernel) == -E_FAULT && memory((void *)8) == -E_FAULT,
          "memory refuses bad pointers");
}
static void a_full_table_keeps_two_slots(void)
{
    int64_t ends[2], pids[33], files[3] = {0, 1, 2};
    struct process_entry table[32];
    struct ending how;
    int started = 0;
    check(pipe(ends) == 0, "a pipe for the waiting cats");
    files[0] = ends[0];
    while (started < 32 && (pids[started] = spawn_with("cat", "", files, 3)) > 0)
        started++;
    int64_t in_use = processes(table, 32);
    check(started > 0 && pids[started] == -E_LIMIT && in_use == 32 - 2,
          "the table fills up to two slots before its end");
    close(ends[0]);
    close(ends[1]);
    bool all_ended = true;
    for (int i = 0; i < started; i++)
        all_ended &= wait(pids[i], &how) == pids[i] && how.how == ENDED_EXIT;
    check(all_ended, "the cats end at the pipe's end of file");
}

int main(uint64_t argument)
{
    (void)argument;
    refused_descriptors();
    pipe_in_one_process();
    full_table();
    pipe_between_processes();
    file_written_and_read();
    names_and_directories();
    open_files_and_limits();
    file_calls_refuse_bad_pointers();
    a_copy_killed_halfway();
    jobs_started_and_joined();
    kill_reaches_siblings_only();
    counters_and_table();
    a_full_table_keeps_two_slots();
    printf("usertests: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
