/* Tangled from chapters/15-programs-from-a-ramdisk.nw. Edit the chapter, not this file. */
#include "../../kernel/ramdisk/elf.c"
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint64_t low = 0x100000000000ull, high = 0x1ffffff00000ull;
    struct elf_image image;
    const char *why;
    if (!elf_check(data, size, low, high, &image, &why))
        return 0;
    uint64_t total = 0;
    bool entry_in_code = false;
    if (image.count == 0 || image.count > ELF_MAX_SEGMENTS)
        abort();
    for (uint32_t i = 0; i < image.count; i++) {
        const struct elf_segment *s = &image.segments[i];
        if (s->offset > size || s->filesz > size - s->offset || s->filesz > s->memsz ||
            s->vaddr < low || s->vaddr >= high || s->memsz > high - s->vaddr ||
            (s->writable && s->executable))
            abort();
        for (uint32_t j = 0; j < i; j++)
            if (pages_overlap(s, &image.segments[j]))
                abort();
        total += s->memsz;
        entry_in_code |= s->executable && image.entry >= s->vaddr &&
                         image.entry - s->vaddr < s->filesz;
    }
    if (total > ELF_MAX_MEMORY || !entry_in_code)
        abort();
    return 0;
}
