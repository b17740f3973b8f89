/* Tangled from chapters/08-physical-memory.nw. Edit the chapter, not this file. */
#include "memory.h"
#include "console.h"
#include "panic.h"

struct boot_info boot_information;
struct frame_allocator frames;
static uint8_t frame_bitmap[MEMORY_BITMAP_LIMIT / FRAME_SIZE / 8];

static void report_memory_map(void)
{
    for (uint32_t i = 0; i < boot_information.region_count; i++) {
        const struct mb2_region *r = &boot_information.regions[i];
        kprintf("  %016llx-%016llx %s\n", (unsigned long long)r->base,
                (unsigned long long)(r->base + r->length),
                r->type == MB2_MEMORY_AVAILABLE ? "available" : "reserved");
    }
}

void memory_init(uint32_t multiboot_info)
{
    const uint8_t *info = (const uint8_t *)(uintptr_t)multiboot_info;
    if (!boot_info_parse(info, multiboot_info, &boot_information))
        panic("malformed boot information rejected: %s", boot_information.error);
    report_memory_map();
    struct frame_range reserved[FRAME_MAX_RESERVED];
    uint32_t n = 0;
    reserved[n++] = (struct frame_range){0, 0x100000};
    reserved[n++] = (struct frame_range){(uintptr_t)kernel_start, (uintptr_t)kernel_end};
    const struct boot_info *b = &boot_information;
    reserved[n++] = (struct frame_range){b->start, b->start + b->size};
    for (uint32_t i = 0; i < boot_information.module_count && n < FRAME_MAX_RESERVED; i++)
        reserved[n++] = (struct frame_range){b->modules[i].start, b->modules[i].end};
    frames_init(&frames, frame_bitmap, MEMORY_BITMAP_LIMIT / FRAME_SIZE,
                boot_information.regions, boot_information.region_count, reserved, n);
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
