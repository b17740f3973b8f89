/* Tangled from chapters/03-text-on-the-screen.nw. Edit the chapter, not this file. */
#include "bootinfo.h"
#include <stddef.h>

enum {
    TAG_END = 0, TAG_COMMAND_LINE = 1, TAG_LOADER_NAME = 2, TAG_MEMORY_MAP = 6,
    MEMORY_AVAILABLE = 1,
};

struct tag {
    uint32_t type, size;
};

struct mmap_entry {
    uint64_t base, length;
    uint32_t type, reserved;
};

static void add_memory_map(struct bootinfo_summary *s, const uint8_t *tag, uint32_t size)
{
    uint32_t entry_size = *(const uint32_t *)(tag + 8);
    if (size < 16 || entry_size < sizeof(struct mmap_entry)) {
        s->error = 1;
        return;
    }
    for (uint32_t at = 16; at + entry_size <= size; at += entry_size) {
        const struct mmap_entry *e = (const void *)(tag + at);
        s->regions++;
        if (e->type == MEMORY_AVAILABLE)
            s->usable_bytes += e->length;
    }
}

struct bootinfo_summary bootinfo_summarise(uintptr_t address)
{
    struct bootinfo_summary s = {NULL, "", 0, 0, 0};
    const uint8_t *info = (const uint8_t *)address;
    uint32_t total = *(const uint32_t *)info;

    for (uint32_t at = 8; at + sizeof(struct tag) <= total; ) {
        const struct tag *t = (const void *)(info + at);
        if (t->size < sizeof(struct tag) || at + t->size > total) {
            s.error = 1;
            break;
        }
        if (t->type == TAG_END)
            break;
        if (t->type == TAG_LOADER_NAME)
            s.loader_name = (const char *)(t + 1);
        else if (t->type == TAG_COMMAND_LINE)
            s.command_line = (const char *)(t + 1);
        else if (t->type == TAG_MEMORY_MAP)
            add_memory_map(&s, (const uint8_t *)t, t->size);
        at += (t->size + 7) & ~7u;
    }
    return s;
}
