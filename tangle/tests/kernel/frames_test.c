/* Tangled from chapters/08-physical-memory.nw. Edit the chapter, not this file. */
#include "ktest.h"
#include "memory.h"

static int overlaps(uint64_t a, uint64_t start, uint64_t end)
{
    return a + FRAME_SIZE > start && a < end;
}

KTEST(frames_avoid_kernel_boot_info_and_first_mib)
{
    struct frame_stats before = frame_stats(&frames);
    uint64_t got[100];
    for (int i = 0; i < 100; i++) {
        got[i] = kernel_frame_alloc();
        KEXPECT(got[i] != 0 && got[i] % FRAME_SIZE == 0);
        KEXPECT(!overlaps(got[i], 0, 0x100000));
        KEXPECT(!overlaps(got[i], (uintptr_t)kernel_start, (uintptr_t)kernel_end));
        KEXPECT(!overlaps(got[i], boot_information.start,
                          boot_information.start + boot_information.size));
    }
    KEXPECT(frame_stats(&frames).free == before.free - 100);
    for (int i = 0; i < 100; i++)
        KEXPECT(frame_free(&frames, got[i]) == FRAME_OK);
    KEXPECT(frame_stats(&frames).free == before.free);
    KEXPECT(frame_free(&frames, got[0]) == FRAME_DOUBLE_FREE);
}

KTEST(boot_information_is_parsed)
{
    KEXPECT(boot_information.region_count >= 2);
    KEXPECT(boot_info_usable_bytes(&boot_information) > 100u * 1024 * 1024);
    KEXPECT(boot_information.loader_name[0] == 'G');
}
