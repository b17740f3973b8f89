/* Tangled from chapters/15-programs-from-a-ramdisk.nw. Edit the chapter, not this file. */
#ifndef ELF_H
#define ELF_H
#include <stdbool.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 8
#define ELF_MAX_MEMORY (16ull << 20)

struct elf_segment {
    uint64_t vaddr, memsz, offset, filesz;
    bool writable, executable;
};

struct elf_image {
    uint64_t entry;
    uint32_t count;
    struct elf_segment segments[ELF_MAX_SEGMENTS];
};

bool elf_check(const uint8_t *file, uint64_t size, uint64_t low, uint64_t high,
               struct elf_image *image, const char **why);
#endif
