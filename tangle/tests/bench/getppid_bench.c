/* Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file. */
/* The host's system call round trip, timed as the probe times ours. */
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <x86intrin.h>

__attribute__((noinline)) static long nothing(void)
{
    __asm__ volatile("" ::: "memory");
    return 1;
}

static long host_getppid(void)
{
    return syscall(SYS_getppid);
}

static uint64_t fastest_batch(long (*call)(void))
{
    uint64_t best = ~0ull;
    for (int batch = 0; batch < 64; batch++) {
        uint64_t start = __rdtsc();
        for (int i = 0; i < 64; i++)
            call();
        uint64_t took = __rdtsc() - start;
        best = took < best ? took : best;
    }
    return best / 64;
}

int main(void)
{
    printf("%llu %llu\n", (unsigned long long)fastest_batch(host_getppid),
           (unsigned long long)fastest_batch(nothing));
    return 0;
}
