/* Tangled from chapters/15-programs-from-a-ramdisk.nw. Edit the chapter, not this file. */
#include "check.h"
#include "../../kernel/ramdisk/elf.c"
#include <string.h>

#define LOW 0x100000000000ull
#define HIGH 0x1ffffff00000ull

static uint8_t file[8192];

static void put(uint64_t offset, uint64_t value, int bytes)
{
    for (int i = 0; i < bytes; i++)
        file[offset + i] = (uint8_t)(value >> (8 * i));
}

static void minimal(void)
{
    memset(file, 0, sizeof file);
    memcpy(file, "\x7f" "ELF", 4);
    file[4] = 2; file[5] = 1; file[6] = 1;
    put(16, 2, 2); put(18, 62, 2); put(20, 1, 4);
    put(24, LOW, 8);                        /* e_entry */
    put(32, 64, 8);                         /* e_phoff */
    put(52, 64, 2); put(54, 56, 2); put(56, 1, 2);
    put(64, 1, 4); put(68, 5, 4);           /* PT_LOAD, read + execute */
    put(72, 4096, 8); put(80, LOW, 8);      /* p_offset, p_vaddr */
    put(96, 1, 8); put(104, 1, 8);          /* p_filesz, p_memsz */
    file[4096] = 0xC3;
}

static bool refused(void)
{
    struct elf_image image;
    const char *why;
    return !elf_check(file, sizeof file, LOW, HIGH, &image, &why);
}
int main(void)
{
    struct elf_image image;
    const char *why = "";
    minimal();
    CHECK(elf_check(file, sizeof file, LOW, HIGH, &image, &why) && image.count == 1 &&
          image.entry == LOW && image.segments[0].executable &&
          !image.segments[0].writable, "a minimal executable passes");
    minimal(); file[1] = 'X';          CHECK(refused(), "bad magic");
    minimal(); file[4] = 1;            CHECK(refused(), "32-bit class");
    minimal(); put(16, 3, 2);          CHECK(refused(), "a shared object (ET_DYN)");
    minimal(); put(18, 3, 2);          CHECK(refused(), "another machine (i386)");
    minimal(); put(54, 32, 2);         CHECK(refused(), "a wrong program header size");
    minimal(); put(32, 8190, 8);       CHECK(refused(), "program headers past the end");
    minimal(); put(56, 0, 2);          CHECK(refused(), "no program headers");
    minimal(); put(68, 7, 4);          CHECK(refused(), "a writable and executable segment");
    minimal(); put(96, 4097, 8); put(104, 4097, 8);
                                       CHECK(refused(), "segment bytes past the end");
    minimal(); put(96, ~0ull, 8);      CHECK(refused(), "a file size that wraps around");
    minimal(); put(96, 2, 8);          CHECK(refused(), "file size above memory size");
    minimal(); put(80, 0x100000, 8);   CHECK(refused(), "a segment in the kernel");
    minimal(); put(80, HIGH - 1, 8); put(104, 4096, 8);
                                       CHECK(refused(), "a segment into the stack");
    minimal(); put(80, LOW + 8, 8);    CHECK(refused(), "misaligned with its file offset");
    minimal(); put(24, LOW + 4096, 8); CHECK(refused(), "an entry outside the code");
    minimal(); put(64, 3, 4);          CHECK(refused(), "an interpreter (PT_INTERP)");
    minimal(); put(68, 6, 4);          CHECK(refused(), "an entry in data, not code");
    minimal(); put(104, 17ull << 20, 8); CHECK(refused(), "more than 16 MiB");
    minimal(); put(56, 17, 2);         CHECK(refused(), "17 program headers");
    minimal(); put(32, ~0ull, 8);      CHECK(refused(), "program headers at 2^64 - 1");
    minimal(); put(52, 32, 2);         CHECK(refused(), "a header shorter than 64 bytes");
    minimal(); file[5] = 2;            CHECK(refused(), "big-endian");
    minimal(); put(64, 2, 4);          CHECK(refused(), "a dynamic segment (PT_DYNAMIC)");
    minimal(); put(24, LOW + 1, 8);    CHECK(refused(), "an entry past the file's code");
    minimal(); put(80, HIGH, 8);       CHECK(refused(), "a segment at the top of the range");
    minimal(); put(56, 2, 2);
    put(120, 1, 4); put(124, 6, 4); put(128, 4096, 8); put(136, LOW + 16, 8);
    put(152, 1, 8); put(160, 1, 8);    CHECK(refused(), "two segments on one page");
    return check_done();
}
