/* Tangled from chapters/08-physical-memory.nw. Edit the chapter, not this file. */
#include "check.h"
#include "../../kernel/memory/frames.c"
#include <string.h>

#define MIB (1024ull * 1024)
static uint8_t bitmap[(8 * MIB / FRAME_SIZE) / 8];

static int in(uint64_t a, uint64_t start, uint64_t end)
{
    return a >= start && a < end;
}

int main(void)
{
    struct mb2_region regions[] = {
        {0, 0x9F000, MB2_MEMORY_AVAILABLE},
        {0x100000, 2 * MIB, MB2_MEMORY_AVAILABLE},        /* 1 MiB .. 3 MiB */
        {3 * MIB, 0x800, 2},                              /* a reserved sliver */
        {3 * MIB + 0x800, MIB - 0x800, MB2_MEMORY_AVAILABLE}, /* partial first frame */
    };
    struct frame_range reserved[] = {
        {0, MIB},                        /* the first megabyte */
        {0x100000, 0x140000},            /* the kernel image */
        {0x150000, 0x150400},            /* boot information (part of one frame) */
        {0x200000, 0x203000},            /* a module */
    };
    struct frame_allocator fa;
    frames_init(&fa, bitmap, 8 * MIB / FRAME_SIZE, regions, 4, reserved, 4);
    struct frame_stats s = frame_stats(&fa);
    uint64_t expected_usable = 0x9F000 / FRAME_SIZE + 512 + 255;
    CHECK(s.total == expected_usable, "usable: the whole frames of available regions");
    CHECK(s.used == 159 + 64 + 1 + 3, "reserved frames count as used");
    uint64_t got[2000];
    int n = 0, ok = 1;
    for (uint64_t a; (a = frame_alloc(&fa)) != 0; n++) {
        got[n] = a;
        ok &= a % FRAME_SIZE == 0;
        ok &= !in(a, 0, MIB) && !in(a, 0x100000, 0x140000) && !in(a, 0x150000, 0x151000);
        ok &= !in(a, 0x200000, 0x203000) && !in(a, 3 * MIB, 3 * MIB + FRAME_SIZE);
        ok &= in(a, MIB, 4 * MIB);
    }
    CHECK(ok, "no frame is in the first MiB, the kernel, the boot info, a module or a hole");
    CHECK((uint64_t)n == s.free, "every free frame is handed out exactly once");
    int distinct = 1;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            distinct &= got[i] != got[j];
    CHECK(distinct, "no frame is handed out twice");
    CHECK(frame_stats(&fa).free == 0 && frame_alloc(&fa) == 0, "out of frames gives 0");
    CHECK(frame_free(&fa, got[7]) == FRAME_OK && frame_stats(&fa).free == 1,
          "a frame comes back");
    CHECK(frame_alloc(&fa) == got[7], "and is handed out again");
    CHECK(frame_free(&fa, 3 * MIB - FRAME_SIZE) == FRAME_OK,
          "the last frame of a region comes back");
    CHECK(frame_free(&fa, got[3]) == FRAME_OK, "freeing once is fine");
    CHECK(frame_free(&fa, got[3]) == FRAME_DOUBLE_FREE, "a double free is detected");
    CHECK(frame_free(&fa, 0x120000) == FRAME_NEVER_HANDED_OUT,
          "freeing a kernel frame is refused");
    CHECK(frame_free(&fa, 0x50000) == FRAME_NEVER_HANDED_OUT,
          "freeing a first-MiB frame is refused");
    CHECK(frame_free(&fa, 7 * MIB) == FRAME_NEVER_HANDED_OUT,
          "freeing memory that is not RAM is refused");
    CHECK(frame_free(&fa, got[5] + 8) == FRAME_MISALIGNED, "a misaligned address is refused");
    return check_done();
}
