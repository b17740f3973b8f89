/* Tangled from chapters/14-processes.nw. Edit the chapter, not this file. */
#include "user.h"

static volatile uint64_t secret;

static uint64_t time_stamp(void)
{
    uint32_t low, high;
    __asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
    return (uint64_t)high << 32 | low;
}

static bool is(const char *args, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i < n; i++)
        if (args[i] != word[i])
            return false;
    return args[n] == '\0' || args[n] == ' ';
}

static uint64_t number_after(const char *args)
{
    while (*args != ' ' && *args != '\0')
        args++;
    uint64_t n = 0;
    for (args++; *args >= '0' && *args <= '9'; args++)
        n = n * 10 + (uint64_t)(*args - '0');
    return n;
}

static int64_t write_lines(uint64_t n)          /* in one system call */
{
    static char lines[65536];
    n = n < sizeof lines ? n : sizeof lines;
    for (uint64_t i = 0; i < n; i++)
        lines[i] = '\n';
    return write(lines, n);
}

int main(uint64_t argument)
{
    const char *args = (const char *)argument;
    if (is(args, "exit")) return (int)number_after(args);
    if (is(args, "length")) return (int)strlen(args);
    if (is(args, "sleep")) return (int)sleep(number_after(args));
    if (is(args, "spin")) for (;;) ;
    if (is(args, "yield")) { for (int i = 0; i < 100; i++) yield(); return 0; }
    if (is(args, "read")) { char b[8]; return (int)read(b, sizeof b); }
    if (is(args, "crash")) { *(volatile int *)0x100000 = 0; return 0; }
    if (is(args, "secret")) { secret = 0x5EC2E7; sleep(200); return secret != 0x5EC2E7; }
    if (is(args, "peek")) return secret != 0;
    if (is(args, "kill-self")) { kill(getpid()); return 0; }
if (is(args, "write-lines")) return (int)write_lines(number_after(args));
    if (is(args, "yield-forever")) for (;;) yield();
    if (is(args, "time-yield")) {
        uint64_t best_yield = ~0ull, best_getpid = ~0ull;
        for (int batch = 0; batch < 64; batch++) {
            uint64_t start = time_stamp();
            for (int i = 0; i < 64; i++)
                yield();
            uint64_t middle = time_stamp();
            for (int i = 0; i < 64; i++)
                getpid();
            uint64_t end = time_stamp();
            best_yield = middle - start < best_yield ? middle - start : best_yield;
            best_getpid = end - middle < best_getpid ? end - middle : best_getpid;
        }
        write_string("# cycles per yield to another process and back: ");
        write_decimal(best_yield / 64);
        write_string("; per getpid: ");
        write_decimal(best_getpid / 64);
        write_string("\n");
        return 0;
    }
    if (is(args, "first-instruction")) exit((int64_t)time_stamp());
    if (is(args, "bad-read")) return (int)read((void *)0x100000, 4);
    if (is(args, "bad-sleep")) return (int)sleep(~0ull);
    if (is(args, "bad-spawn-pointer")) return (int)spawn((const char *)0x100000, "");
    if (is(args, "bad-spawn-name")) return (int)spawn("nosuch", "");
    if (is(args, "bad-wait")) return (int)wait(9999, NULL);
    if (is(args, "wait-self")) return (int)wait(getpid(), NULL);
    if (is(args, "kill-kernel")) return (int)kill(0);
    if (is(args, "kill-nobody")) return (int)kill(9999);
    if (is(args, "kill-pid")) return (int)kill((int64_t)number_after(args));
    if (is(args, "kill-big")) return (int)kill(1ll << 32);
    if (is(args, "wait-big")) {
        int64_t pid = spawn("hello", "");
        int64_t r = wait(pid + (1ll << 32), NULL);
        wait(pid, NULL);
        return (int)r;
    }
    if (is(args, "spawn-wait")) {
        struct ending e;
        int64_t pid = spawn("crash", "");
        if (pid < 0 || wait(pid, &e) != pid || e.how != ENDED_FAULT) return -1;
        return (int)e.status;
    }
    if (is(args, "bad-wait-pointer")) {
        int64_t pid = spawn("hello", "");
        int64_t r = wait(pid, (struct ending *)0x100000);
        wait(pid, NULL);
        return (int)r;
    }
    if (is(args, "orphan")) return spawn("hello", "") > 0 ? 0 : -1;
    if (is(args, "kill-child")) {
        struct ending e;
        int64_t pid = spawn("spin", "");
        int64_t r = kill(pid);
        return r == 0 && wait(pid, &e) == pid && e.how == ENDED_KILLED ? 0 : 1;
    }
    if (is(args, "vector-keep")) {
        uint64_t mine = number_after(args), xmm, mm;
        int changed = 0;
        for (int i = 0; i < 50; i++) {
            int64_t call = SYS_YIELD;
            __asm__ volatile("movq %[v], %%xmm0\n\t" "movq %[v], %%mm0\n\t"
                             "syscall\n\t"
                             "movq %%xmm0, %[x]\n\t" "movq %%mm0, %[m]\n\t" "emms"
                             : [x] "=r"(xmm), [m] "=r"(mm), "+a"(call)
                             : [v] "r"(mine)
                             : "rcx", "r11", "memory", "xmm0", "mm0");
            changed += xmm != mine || mm != mine;
        }
        return changed;
    }
    if (is(args, "sum")) {
        uint64_t k = number_after(args), n = 3000000, exact = 0;
        double total = 0;
        for (uint64_t i = 1; i <= n; i++)
            total += (double)(k * i);
        for (uint64_t i = 1; i <= n; i++)
            exact += k * i;
        return total == (double)exact ? 0 : 1;
    }
    return -1;
}
