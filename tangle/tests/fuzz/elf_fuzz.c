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
    for (uint32_t i = 0; i < image.count; i++) {
        const struct elf_segment *s = &image.segments[i];
        if (s->offset + s->filesz > size || s->vaddr < low ||
            s->vaddr + s->memsz > high || (s->writable && s->executable))
            abort();
    }
    return 0;
}
