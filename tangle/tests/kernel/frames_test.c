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

KTEST(frames_cover_all_of_ram)
{
    KEXPECT(frames.frame_count * FRAME_SIZE == memory_end_of_ram());
    KEXPECT(frame_stats(&frames).total * FRAME_SIZE + 0x200000 >=
            boot_info_usable_bytes(&boot_information));
}

KTEST(memory_map_is_sorted_and_settled)
{
    const struct boot_info *b = &boot_information;
    for (uint32_t i = 1; i < b->region_count; i++)
        KEXPECT(b->regions[i - 1].base + b->regions[i - 1].length <= b->regions[i].base);
}
