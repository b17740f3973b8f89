/* Tangled from chapters/08-physical-memory.nw. Edit the chapter, not this file. */
#include "memory.h"
#include "console.h"
#include "panic.h"

struct frame_allocator frames;

uint64_t memory_end_of_ram(void)
{
    uint64_t end = 0;
    for (uint32_t i = 0; i < boot_information.region_count; i++) {
        const struct mb2_region *r = &boot_information.regions[i];
        if (r->type == MB2_MEMORY_AVAILABLE && r->base + r->length > end)
            end = r->base + r->length;
    }
    return end;
}

static bool in_reserved(uint64_t start, uint64_t end, const struct frame_range *reserved,
                        uint32_t n, uint64_t *past)
{
    for (uint32_t i = 0; i < n; i++)
        if (start < reserved[i].end && reserved[i].start < end) {
            *past = (reserved[i].end + FRAME_SIZE - 1) & ~(uint64_t)(FRAME_SIZE - 1);
            return true;
        }
    return false;
}

static uint64_t place_bitmap(uint64_t bytes, const struct frame_range *reserved,
                             uint32_t n)
{
    for (uint32_t i = 0; i < boot_information.region_count; i++) {
        const struct mb2_region *r = &boot_information.regions[i];
        if (r->type != MB2_MEMORY_AVAILABLE)
            continue;
        uint64_t at = (r->base + FRAME_SIZE - 1) & ~(uint64_t)(FRAME_SIZE - 1), past;
        while (at + bytes <= r->base + r->length && at + bytes <= BOOT_MAPPED_LIMIT) {
            if (!in_reserved(at, at + bytes, reserved, n, &past))
                return at;
            at = past;
        }
    }
    panic("frames: no room below 1 GiB for a bitmap of %llu bytes",
          (unsigned long long)bytes);
}
static void report_memory_map(void)
{
    for (uint32_t i = 0; i < boot_information.region_count; i++) {
        const struct mb2_region *r = &boot_information.regions[i];
        kprintf("  %016llx-%016llx %s\n", (unsigned long long)r->base,
                (unsigned long long)(r->base + r->length),
                r->type == MB2_MEMORY_AVAILABLE ? "available" : "reserved");
    }
}

void memory_init(void)
{
    const struct boot_info *b = &boot_information;
    report_memory_map();
    struct frame_range reserved[FRAME_MAX_RESERVED];
    uint32_t n = 0;
    reserved[n++] = (struct frame_range){0, 0x100000};
    reserved[n++] = (struct frame_range){(uintptr_t)kernel_start, (uintptr_t)kernel_end};
    reserved[n++] = (struct frame_range){b->start, b->start + b->size};
    for (uint32_t i = 0; i < b->module_count && n < FRAME_MAX_RESERVED - 1; i++)
        reserved[n++] = (struct frame_range){b->modules[i].start, b->modules[i].end};
    uint64_t frame_count = memory_end_of_ram() / FRAME_SIZE;
    uint64_t bitmap = place_bitmap((frame_count + 7) / 8, reserved, n);
    reserved[n++] = (struct frame_range){bitmap, bitmap + (frame_count + 7) / 8};
    frames_init(&frames, (uint8_t *)(uintptr_t)bitmap, frame_count,
                b->regions, b->region_count, reserved, n);
    struct frame_stats s = frame_stats(&frames);
    kprintf("frames: %llu usable (%llu MiB), %llu used, %llu free\n",
            (unsigned long long)s.total, (unsigned long long)(s.total * FRAME_SIZE >> 20),
            (unsigned long long)s.used, (unsigned long long)s.free);
}
uint64_t kernel_frame_alloc(void)
{
    return frame_alloc(&frames);
}

void kernel_frame_free(uint64_t address)
{
    static const char *const why[] = {
        [FRAME_DOUBLE_FREE] = "double free",
        [FRAME_NEVER_HANDED_OUT] = "not a frame the allocator hands out",
        [FRAME_MISALIGNED] = "not the start of a frame",
    };
    enum frame_result r = frame_free(&frames, address);
    if (r != FRAME_OK)
        kprintf("frames: refused to free 0x%llx: %s\n",
                (unsigned long long)address, why[r]);
}
