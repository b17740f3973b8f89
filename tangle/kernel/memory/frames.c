/* Tangled from chapters/08-physical-memory.nw. Edit the chapter, not this file. */
#include "frames.h"

static bool bit(const struct frame_allocator *fa, uint64_t frame)
{
    return (fa->bitmap[frame / 8] >> (frame % 8)) & 1;
}

static void set_bit(struct frame_allocator *fa, uint64_t frame, bool used)
{
    if (used)
        fa->bitmap[frame / 8] |= (uint8_t)(1u << (frame % 8));
    else
        fa->bitmap[frame / 8] &= (uint8_t)~(1u << (frame % 8));
}

static uint64_t round_up(uint64_t x)
{
    return (x + FRAME_SIZE - 1) & ~(uint64_t)(FRAME_SIZE - 1);
}

static uint64_t round_down(uint64_t x)
{
    return x & ~(uint64_t)(FRAME_SIZE - 1);
}

void frames_init(struct frame_allocator *fa, uint8_t *bitmap, uint64_t frame_count,
                 const struct mb2_region *regions, uint32_t region_count,
                 const struct frame_range *reserved, uint32_t reserved_count)
{
    *fa = (struct frame_allocator){.bitmap = bitmap, .frame_count = frame_count,
                                   .regions = regions, .region_count = region_count};
    for (uint64_t i = 0; i < (frame_count + 7) / 8; i++)
        bitmap[i] = 0xFF;
    for (uint32_t r = 0; r < region_count; r++) {
        if (regions[r].type != MB2_MEMORY_AVAILABLE)
            continue;
        uint64_t first = round_up(regions[r].base) / FRAME_SIZE;
        uint64_t end = round_down(regions[r].base + regions[r].length) / FRAME_SIZE;
        for (uint64_t f = first; f < end && f < frame_count; f++) {
            if (bit(fa, f)) {
                set_bit(fa, f, false);
                fa->usable++;
            }
        }
    }
    for (uint32_t i = 0; i < reserved_count && i < FRAME_MAX_RESERVED; i++) {
        fa->reserved_ranges[fa->reserved_count++] = reserved[i];
        uint64_t end = round_up(reserved[i].end) / FRAME_SIZE;
        uint64_t first = reserved[i].start / FRAME_SIZE;
        for (uint64_t f = first; f < end && f < frame_count; f++) {
            if (!bit(fa, f)) {
                set_bit(fa, f, true);
                fa->reserved++;
            }
        }
    }
}
uint64_t frame_alloc(struct frame_allocator *fa)
{
    for (uint64_t n = 0; n < fa->frame_count; n++) {
        uint64_t f = (fa->next + n) % fa->frame_count;
        if (fa->bitmap[f / 8] == 0xFF) {        /* skip a full byte at once */
            n += 7 - f % 8;
            continue;
        }
        if (!bit(fa, f)) {
            set_bit(fa, f, true);
            fa->allocated++;
            fa->next = f + 1;
            return f * FRAME_SIZE;
        }
    }
    return 0;
}
static bool handed_out_possible(const struct frame_allocator *fa, uint64_t address)
{
    for (uint32_t i = 0; i < fa->reserved_count; i++)
        if (address + FRAME_SIZE > fa->reserved_ranges[i].start &&
            address < fa->reserved_ranges[i].end)
            return false;
    for (uint32_t r = 0; r < fa->region_count; r++) {
        const struct mb2_region *g = &fa->regions[r];
        if (g->type == MB2_MEMORY_AVAILABLE && address >= round_up(g->base) &&
            address + FRAME_SIZE <= round_down(g->base + g->length))
            return true;
    }
    return false;
}

enum frame_result frame_free(struct frame_allocator *fa, uint64_t address)
{
    if (address % FRAME_SIZE != 0)
        return FRAME_MISALIGNED;
    uint64_t f = address / FRAME_SIZE;
    if (f >= fa->frame_count || !handed_out_possible(fa, address))
        return FRAME_NEVER_HANDED_OUT;
    if (!bit(fa, f))
        return FRAME_DOUBLE_FREE;
    set_bit(fa, f, false);
    fa->allocated--;
    return FRAME_OK;
}

struct frame_stats frame_stats(const struct frame_allocator *fa)
{
    uint64_t used = fa->reserved + fa->allocated;
    return (struct frame_stats){fa->usable, used, fa->usable - used};
}
