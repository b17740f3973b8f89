/* Tangled from chapters/15-programs-from-a-ramdisk.nw. Edit the chapter, not this file. */
#include "ktest.h"
#include "heap.h"
#include "memory.h"
#include "process.h"
#include "ramdisk.h"

extern const uint8_t test_ramdisk[], test_ramdisk_end[];

static struct user_outcome run(const char *name, const char *args)
{
    struct user_outcome o = {USER_NOT_STARTED, -1};
    const struct user_program *p = user_program_named(name);
    int64_t pid = p != NULL ? process_spawn(p, args, 0) : -1;
    if (pid > 0)
        process_wait(pid, &o);
    return o;
}

KTEST(elf_programs_from_the_archive_run_and_give_back_their_memory)
{
    KEXPECT(ramdisk_read(test_ramdisk, (uint64_t)(test_ramdisk_end - test_ramdisk)) >= 6);
    const struct user_program *words = user_program_named("words");
    KEXPECT(words != NULL && words->load != NULL);          /* the ELF one */
    struct user_outcome o = run("words", "a b c");
    KEXPECT(o.how == USER_EXITED && o.status == 0);
    o = run("wx", "");
    KEXPECT(o.how == USER_FAULTED && o.status == 14);
    uint64_t frames_before = frame_stats(&frames).used;
    size_t heap_before = heap_stats().bytes_in_use;
    for (int i = 0; i < 100; i++) {
        KEXPECT(run("words", "x").how == USER_EXITED);
        KEXPECT(run("wx", "").how == USER_FAULTED);
    }
    KEXPECT(frame_stats(&frames).used == frames_before);
    KEXPECT(heap_stats().bytes_in_use == heap_before);
}

