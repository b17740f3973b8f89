/* Tangled from chapters/03-text-on-the-screen.nw (with 08-physical-memory.nw, 17-acpi-and-the-apic.nw). Edit the chapter, not this file. */
#ifndef MULTIBOOT2_H
#define MULTIBOOT2_H
#include <stdbool.h>
#include <stdint.h>

#define MB2_MAX_REGIONS 256
#define MB2_MAX_INFO_SIZE (1u << 20)

enum mb2_memory_type {
    MB2_MEMORY_AVAILABLE = 1, MB2_MEMORY_RESERVED = 2, MB2_MEMORY_ACPI = 3,
    MB2_MEMORY_PRESERVE = 4, MB2_MEMORY_DEFECTIVE = 5,
};

struct mb2_region {
    uint64_t base, length;
    uint32_t type;
};
#define MB2_MAX_MODULES 16

struct mb2_module {
    uint64_t start, end;
    const char *command_line;
};

enum mb2_framebuffer_type {
    MB2_FRAMEBUFFER_INDEXED = 0, MB2_FRAMEBUFFER_RGB = 1, MB2_FRAMEBUFFER_EGA_TEXT = 2,
};

struct mb2_framebuffer {
    uint64_t address;
    uint32_t pitch, width, height;
    uint8_t bits_per_pixel, type;
    uint8_t red_position, red_size, green_position, green_size, blue_position, blue_size;
};


struct boot_info {
    uint64_t start, size;           /* where the information itself lies */
    const char *command_line;       /* "" when absent */
    const char *loader_name;        /* "" when absent */
    struct mb2_region regions[MB2_MAX_REGIONS];
    uint32_t region_count;
    bool has_memory_map;
    struct mb2_module modules[MB2_MAX_MODULES];
    uint32_t module_count;
    bool has_framebuffer;
    struct mb2_framebuffer framebuffer;
    uint32_t elf_section_count;     /* 0 when the tag is absent */
    const uint8_t *rsdp;            /* GRUB's copy of ACPI's RSDP; NULL when absent */
    uint32_t rsdp_size;
    bool efi;                       /* started by UEFI firmware */
    char error[128];                /* why parsing failed */
};

bool boot_info_parse(const uint8_t *info, uint64_t address, struct boot_info *out);
uint64_t boot_info_usable_bytes(const struct boot_info *b);
#endif
