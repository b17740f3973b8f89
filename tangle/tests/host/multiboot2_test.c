/* Tangled from chapters/03-text-on-the-screen.nw (with 08-physical-memory.nw). Edit the chapter, not this file. */
#include "check.h"
#include "../../kernel/lib/format.c"
#include "../../kernel/boot/multiboot2.c"
#include <string.h>

static uint8_t buf[8192] __attribute__((aligned(8)));
static uint32_t used;

static uint32_t tag_start;

static void put32(uint32_t v)
{
    memcpy(buf + used, &v, 4);
    used += 4;
}

static void put64(uint64_t v)
{
    memcpy(buf + used, &v, 8);
    used += 8;
}

static void str(const char *s)
{
    memcpy(buf + used, s, strlen(s) + 1);
    used += (uint32_t)strlen(s) + 1;
}
static void tag(uint32_t type)
{
    while (used % 8)
        buf[used++] = 0;
    tag_start = used;
    put32(type);
    put32(0);
}

static void tag_done(void)
{
    uint32_t size = used - tag_start;
    memcpy(buf + tag_start + 4, &size, 4);
}

static void begin(void)
{
    memset(buf, 0, sizeof buf);
    used = 0;
    put32(0);
    put32(0);
}

static void finish(void)
{
    tag(0);
    tag_done();
    memcpy(buf, &used, 4);
}

static void region(uint64_t base, uint64_t length, uint32_t type)
{
    put64(base); put64(length); put32(type); put32(0);
}
static void good_list(void)
{
    begin();
    tag(1); str("ktest=all verbose"); tag_done();
    tag(2); str("GRUB 2.06"); tag_done();
    tag(3); put32(0x200000); put32(0x203000); str("initrd"); tag_done();
    tag(6); put32(24); put32(0);
    region(0x0, 0x9FC00, 1); region(0x9FC00, 0x400, 2); region(0xF0000, 0x10000, 2);
    region(0x100000, 0x7EE0000, 1); region(0x7FE0000, 0x20000, 2);
    tag_done();
    finish();
}
static struct boot_info bi;

static int parses(void) { return boot_info_parse(buf, 0x10000, &bi); }

static int rejects(const char *fragment)
{
    if (boot_info_parse(buf, 0x10000, &bi))
        return 0;
    if (strstr(bi.error, fragment) == NULL) {
        printf("# error was: %s\n", bi.error);
        return 0;
    }
    return 1;
}

int main(void)
{
    good_list();
    CHECK(parses(), "a GRUB-like list parses");
    CHECK(strcmp(bi.command_line, "ktest=all verbose") == 0, "command line");
    CHECK(strcmp(bi.loader_name, "GRUB 2.06") == 0, "boot loader name");
    CHECK(bi.region_count == 5 && bi.regions[3].base == 0x100000, "five regions");
    CHECK(boot_info_usable_bytes(&bi) == 0x9FC00 + 0x7EE0000, "usable bytes add up");
    CHECK(bi.start == 0x10000 && bi.size == used, "the information's own extent");
    good_list();
    memcpy(buf + 8 + 4, &(uint32_t){0xFFFFFFF8u}, 4);
    CHECK(rejects("runs past the end"), "a tag size near 2^32 is rejected, not wrapped");
    begin(); tag(6); put32(24); tag_done(); finish();
    CHECK(rejects("shorter than its header"), "a memory-map tag shorter than its header");
    begin(); tag(2); put32(0x41414141); tag_done(); finish();
    CHECK(rejects("string does not end"), "an unterminated string is rejected");
    good_list();
    memcpy(buf, &(uint32_t){8}, 4);
    CHECK(rejects("total size 8"), "a total size below 16 is rejected");
    good_list();
    memcpy(buf, &(uint32_t){0x7FFFFFFF}, 4);
    CHECK(rejects("total size"), "an implausibly large total size is rejected");
    good_list();
    memcpy(buf, &(uint32_t){used - 8}, 4);
    CHECK(rejects("no end tag"), "a list cut before its end tag is rejected");
    good_list();
    memcpy(buf + 8 + 4, &(uint32_t){4000}, 4);
    CHECK(rejects("runs past the end"), "a tag running past the end is rejected");
    good_list();
    memcpy(buf + 8 + 4, &(uint32_t){4}, 4);
    CHECK(rejects("smaller than a tag header"), "a tag smaller than its header is rejected");
    begin(); tag(6); put32(20); put32(0); region(0, 0x1000, 1); tag_done(); finish();
    CHECK(rejects("entry size"), "a memory-map entry size of 20 is rejected");
    begin(); tag(6); put32(24); put32(0); region(0, 0x1000, 1); put32(7);
    tag_done(); finish();
    CHECK(rejects("do not fill"), "memory-map entries that do not fill the tag are rejected");
    begin(); tag(6); put32(24); put32(0); region(0xFFFFFFFFFFFFF000ull, 0x2000, 1);
    tag_done(); finish();
    CHECK(rejects("wraps around"), "a region that wraps around is rejected");
    begin(); tag(1); str("no map"); tag_done(); finish();
    CHECK(rejects("no memory map"), "information without a memory map is rejected");
    begin(); tag(6); put32(24); put32(0); region(0, 0x1000, 1); tag_done();
    tag(6); put32(24); put32(0); region(0x2000, 0x1000, 1); tag_done(); finish();
    CHECK(rejects("second memory map"), "a second memory map is rejected");
    begin(); tag(6); put32(24); put32(0); tag_done();
    tag(6); put32(24); put32(0); region(0x2000, 0x1000, 1); tag_done(); finish();
    CHECK(rejects("second memory map"), "a second memory map after an empty one too");
    good_list();
    CHECK(parses() && bi.module_count == 1 && bi.modules[0].start == 0x200000 &&
          bi.modules[0].end == 0x203000 && strcmp(bi.modules[0].command_line, "initrd") == 0,
          "module bounds and string");
    begin(); tag(3); put32(0x300000); put32(0x200000); str("m"); tag_done(); finish();
    CHECK(rejects("ends before it starts"), "a module ending before it starts is rejected");
    begin(); tag(6); put32(24); put32(0); region(0, 0x1000, 1); tag_done();
    tag(8); put64(0xFD000000); put32(4096); put32(1024); put32(768);
    buf[used++] = 32; buf[used++] = 1; buf[used++] = 0; buf[used++] = 0;
    buf[used++] = 16; buf[used++] = 8; buf[used++] = 8; buf[used++] = 8;
    buf[used++] = 0; buf[used++] = 8; tag_done();
    tag(777); put64(0); tag_done(); finish();
    CHECK(parses() && bi.has_framebuffer && bi.framebuffer.width == 1024 &&
          bi.framebuffer.bits_per_pixel == 32 && bi.framebuffer.red_position == 16 &&
          bi.framebuffer.blue_size == 8,
          "a framebuffer tag is read with its colour fields, an unknown tag skipped");
    begin(); tag(8); put64(0xFD000000); put32(4096); put32(1024); put32(768);
    buf[used++] = 32; buf[used++] = 1; buf[used++] = 0; buf[used++] = 0; tag_done();
    finish();
    CHECK(rejects("no colour fields"), "an RGB framebuffer without colour fields is refused");
    begin(); tag(6); put32(24); put32(0);
    region(0x100000, 0x7F00000, 1); region(0, 0x9F000, 1); region(0xF0000, 0x10000, 2);
    tag_done(); finish();
    CHECK(parses() && bi.region_count == 3 && bi.regions[0].base == 0 &&
          bi.regions[1].base == 0xF0000 && bi.regions[2].base == 0x100000,
          "an unsorted map is sorted");
    begin(); tag(6); put32(24); put32(0);
    region(0x100000, 0x300000, 1); region(0x200000, 0x1000, 2); tag_done(); finish();
    CHECK(parses() && bi.region_count == 3 &&
          bi.regions[0].base == 0x100000 && bi.regions[0].length == 0x100000 &&
          bi.regions[1].type == 2 && bi.regions[1].length == 0x1000 &&
          bi.regions[2].base == 0x201000 && bi.regions[2].length == 0x1FF000,
          "a reserved region punches a hole in an available one");
    begin(); tag(6); put32(24); put32(0);
    region(0x100000, 0x100000, 1); region(0x180000, 0x100000, 1); region(0x280000, 0x1000, 1);
    tag_done(); finish();
    CHECK(parses() && bi.region_count == 1 && bi.regions[0].length == 0x181000,
          "overlapping and touching available regions merge into one");
    begin(); tag(6); put32(24); put32(0);
    for (int i = 0; i < 160; i++)
        region((uint64_t)i << 21, 0x1000, 1 + (uint32_t)i % 2);
    tag_done(); finish();
    CHECK(parses() && bi.region_count == 160, "a map with 160 regions is read");
    begin(); tag(6); put32(24); put32(0);
    for (int i = 0; i < MB2_MAX_REGIONS + 1; i++)
        region((uint64_t)i << 20, 0x1000, 1);
    tag_done(); finish();
    CHECK(rejects("too many regions"), "more regions than the kernel can track are rejected");
    return check_done();
}
