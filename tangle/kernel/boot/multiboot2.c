/* Tangled from chapters/03-text-on-the-screen.nw (with 08-physical-memory.nw, 17-acpi-and-the-apic.nw). Edit the chapter, not this file. */
#include "multiboot2.h"
#include "format.h"
#include <stddef.h>

enum {
    TAG_END = 0, TAG_COMMAND_LINE = 1, TAG_LOADER_NAME = 2, TAG_MODULE = 3,
    TAG_MEMORY_MAP = 6, TAG_FRAMEBUFFER = 8, TAG_ELF_SECTIONS = 9,
    TAG_EFI64_SYSTEM_TABLE = 12, TAG_ACPI_OLD = 14, TAG_ACPI_NEW = 15,
};

static uint32_t read32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t read64(const uint8_t *p)
{
    return (uint64_t)read32(p) | (uint64_t)read32(p + 4) << 32;
}

static bool reject(struct boot_info *out, const char *why, uint32_t type, uint32_t offset)
{
    ksnprintf(out->error, sizeof out->error, "tag %u at offset %u: %s",
              type, offset, why);
    return false;
}

static const char *tag_string(const uint8_t *from, const uint8_t *tag_end)
{
    for (const uint8_t *p = from; p < tag_end; p++)
        if (*p == '\0')
            return (const char *)from;
    return NULL;
}
static bool add_region(struct boot_info *out, uint64_t base, uint64_t length,
                       uint32_t type)
{
    if (length == 0)
        return true;
    if (base + length < base || out->region_count == MB2_MAX_REGIONS)
        return false;
    if (type == 0)
        type = MB2_MEMORY_RESERVED;     /* not a valid type: assume the worst */
    out->regions[out->region_count++] = (struct mb2_region){base, length, type};
    return true;
}

static bool next_boundary(const struct mb2_region *r, uint32_t n, uint64_t after,
                          uint64_t *next)
{
    bool found = false;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t edges[2] = {r[i].base, r[i].base + r[i].length};
        for (int e = 0; e < 2; e++)
            if (edges[e] > after && (!found || edges[e] < *next)) {
                *next = edges[e];
                found = true;
            }
    }
    return found;
}

static uint32_t type_at(const struct mb2_region *r, uint32_t n, uint64_t address)
{
    uint32_t type = 0;                  /* 0: no region covers the address */
    for (uint32_t i = 0; i < n; i++)
        if (address >= r[i].base && address - r[i].base < r[i].length &&
            r[i].type > type)
            type = r[i].type;
    return type;
}
static bool append_interval(struct boot_info *out, uint64_t base, uint64_t end,
                            uint32_t type)
{
    if (out->region_count > 0) {
        struct mb2_region *last = &out->regions[out->region_count - 1];
        if (last->type == type && last->base + last->length == base) {
            last->length = end - last->base;
            return true;
        }
    }
    if (out->region_count == MB2_MAX_REGIONS)
        return false;
    out->regions[out->region_count++] = (struct mb2_region){base, end - base, type};
    return true;
}

static bool settle_memory_map(struct boot_info *out)
{
    static struct mb2_region given[MB2_MAX_REGIONS];
    uint32_t n = out->region_count;
    uint64_t at = 0, next = 0;
    for (uint32_t i = 0; i < n; i++) {
        given[i] = out->regions[i];
        at = (i == 0 || given[i].base < at) ? given[i].base : at;
    }
    out->region_count = 0;
    for (; next_boundary(given, n, at, &next); at = next) {
        uint32_t type = type_at(given, n, at);
        if (type != 0 && !append_interval(out, at, next, type))
            return false;
    }
    return true;
}
static bool read_memory_map(struct boot_info *out, const uint8_t *tag, uint32_t size,
                            uint32_t offset)
{
    if (size < 16)
        return reject(out, "memory map tag is shorter than its header",
                      TAG_MEMORY_MAP, offset);
    uint32_t entry_size = read32(tag + 8);
    if (entry_size < 24 || entry_size % 8 != 0)
        return reject(out, "memory map entry size is not a multiple of 8 of at least 24",
                      TAG_MEMORY_MAP, offset);
    if ((size - 16) % entry_size != 0)
        return reject(out, "memory map entries do not fill the tag",
                      TAG_MEMORY_MAP, offset);
    for (uint32_t at = 16; at < size; at += entry_size) {
        const uint8_t *e = tag + at;
        if (!add_region(out, read64(e), read64(e + 8), read32(e + 16)))
            return reject(out, "memory map: a region wraps around or too many regions",
                          TAG_MEMORY_MAP, offset);
    }
    /* chapter 8 puts the regions in order and settles overlaps here */
    if (!settle_memory_map(out))
        return reject(out, "memory map: too many regions after settling overlaps",
                      TAG_MEMORY_MAP, offset);
    return true;
}
static bool read_tag(struct boot_info *out, const uint8_t *tag, uint32_t type,
                     uint32_t size, uint32_t offset)
{
    const uint8_t *end = tag + size;
    switch (type) {
    case TAG_COMMAND_LINE:
    case TAG_LOADER_NAME: {
        const char *s = tag_string(tag + 8, end);
        if (s == NULL)
            return reject(out, "string does not end inside its tag", type, offset);
        if (type == TAG_COMMAND_LINE)
            out->command_line = s;
        else
            out->loader_name = s;
        return true;
    }
    case TAG_MEMORY_MAP:
        if (out->has_memory_map)
            return reject(out, "a second memory map", type, offset);
        out->has_memory_map = true;
        return read_memory_map(out, tag, size, offset);
    case TAG_MODULE: {
        const char *s = size >= 17 ? tag_string(tag + 16, end) : NULL;
        if (s == NULL)
            return reject(out, "module tag is too short or its string does not end",
                          type, offset);
        uint64_t start = read32(tag + 8), stop = read32(tag + 12);
        if (start > stop)
            return reject(out, "module ends before it starts", type, offset);
        if (out->module_count == MB2_MAX_MODULES)
            return reject(out, "more modules than the kernel can track", type, offset);
        out->modules[out->module_count++] = (struct mb2_module){start, stop, s};
        return true;
    }
    case TAG_FRAMEBUFFER:
        if (size < 30)
            return reject(out, "framebuffer tag is too short", type, offset);
        out->has_framebuffer = true;
        out->framebuffer = (struct mb2_framebuffer){read64(tag + 8), read32(tag + 16),
                                                    read32(tag + 20), read32(tag + 24),
                                                    tag[28], tag[29], 0, 0, 0, 0, 0, 0};
        if (tag[29] == MB2_FRAMEBUFFER_RGB) {
            if (size < 38)
                return reject(out, "RGB framebuffer tag has no colour fields", type, offset);
            struct mb2_framebuffer *f = &out->framebuffer;
            f->red_position = tag[32], f->red_size = tag[33];
            f->green_position = tag[34], f->green_size = tag[35];
            f->blue_position = tag[36], f->blue_size = tag[37];
        }
        return true;
    case TAG_ELF_SECTIONS: {
        if (size < 20)
            return reject(out, "ELF sections tag is too short", type, offset);
        uint32_t count = read32(tag + 8), entry_size = read32(tag + 12);
        if ((uint64_t)count * entry_size > size - 20)
            return reject(out, "ELF section headers run past the tag", type, offset);
        out->elf_section_count = count;
        return true;
    }
    case TAG_ACPI_OLD:
    case TAG_ACPI_NEW: {
        uint32_t need = type == TAG_ACPI_OLD ? 20 : 36;
        if (size < 8 + need)
            return reject(out, "ACPI RSDP tag is too short", type, offset);
        if (out->rsdp == NULL || type == TAG_ACPI_NEW) {
            out->rsdp = tag + 8;
            out->rsdp_size = size - 8;
        }
        return true;
    }
    case TAG_EFI64_SYSTEM_TABLE:
        out->efi = true;
        return true;
    default:
        return true;
    }
}
bool boot_info_parse(const uint8_t *info, uint64_t address, struct boot_info *out)
{
    *out = (struct boot_info){.start = address, .command_line = "", .loader_name = ""};
    uint32_t total = read32(info);
    out->size = total;
    if (total < 16 || total > MB2_MAX_INFO_SIZE) {
        ksnprintf(out->error, sizeof out->error,
                  "total size %u is not between 16 and %u bytes",
                  total, MB2_MAX_INFO_SIZE);
        return false;
    }
    for (uint32_t at = 8; ; at = (at + 7) & ~7u) {
        if (at + 8 > total) {
            ksnprintf(out->error, sizeof out->error, "no end tag within %u bytes", total);
            return false;
        }
        uint32_t type = read32(info + at), size = read32(info + at + 4);
        if (size < 8)
            return reject(out, "size is smaller than a tag header", type, at);
        if (size > total - at)
            return reject(out, "runs past the end of the information", type, at);
        if (type == TAG_END)
            break;
        if (!read_tag(out, info + at, type, size, at))
            return false;
        at += size;
    }
    if (out->region_count == 0) {
        ksnprintf(out->error, sizeof out->error, "no memory map");
        return false;
    }
    return true;
}
uint64_t boot_info_usable_bytes(const struct boot_info *b)
{
    uint64_t bytes = 0;
    for (uint32_t i = 0; i < b->region_count; i++)
        if (b->regions[i].type == MB2_MEMORY_AVAILABLE)
            bytes += b->regions[i].length;
    return bytes;
}
