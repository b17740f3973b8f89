/* Tangled from chapters/24-a-shell-of-its-own.nw. Edit the chapter, not this file. */
#include "user.h"

#define PROCESSES_MAX 32        /* the kernel's PROCESS_MAX */
#define FRAMES_PER_MIB 256      /* frames of 4 KiB */

int main(uint64_t argument)
{
    struct memory_counts m;
    int64_t r = memory(&m);
    (void)argument;
    if (r < 0) {
        printf_to(2, "mem: %s\n", error_text(r));
        return 1;
    }
    printf("memory: %llu of %llu frames free (%llu MiB of %llu MiB)\n",
           (unsigned long long)m.frames_free, (unsigned long long)m.frames_total,
           (unsigned long long)(m.frames_free / FRAMES_PER_MIB),
           (unsigned long long)(m.frames_total / FRAMES_PER_MIB));
    printf("heap: %llu bytes in use, %llu free\n", (unsigned long long)m.heap_in_use,
           (unsigned long long)m.heap_free);
    printf("processes: %llu of %d\n", (unsigned long long)m.processes, PROCESSES_MAX);
    printf("files open: %llu besides the console\n", (unsigned long long)m.files_open);
    if (m.disk_blocks_free == 0 && m.disk_inodes_free == 0)
        printf("disk: none\n");
    else
        printf("disk: %llu blocks free, %llu inodes free\n",
               (unsigned long long)m.disk_blocks_free,
               (unsigned long long)m.disk_inodes_free);
    return 0;
}
