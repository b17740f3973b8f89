/* Tangled from chapters/15-programs-from-a-ramdisk.nw. Edit the chapter, not this file. */
#include "check.h"
#include "../../kernel/ramdisk/ustar.c"
#include <string.h>

static uint8_t archive[8 * USTAR_BLOCK];

static void checksum(uint8_t *h)
{
    memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (int i = 0; i < USTAR_BLOCK; i++)
        sum += h[i];
    snprintf((char *)h + 148, 8, "%06o", sum);
}

static void header(uint8_t *h, const char *name, uint64_t size, char type)
{
    memset(h, 0, USTAR_BLOCK);
    memcpy(h, name, strlen(name));
    snprintf((char *)h + 124, 12, "%011llo", (unsigned long long)size);
    h[156] = (uint8_t)type;
    memcpy(h + 257, "ustar", 6);
    memcpy(h + 263, "00", 2);
    checksum(h);
}

static enum ustar_result first(uint64_t size, struct ustar_file *f, const char **why)
{
    uint64_t offset = 0;
    return ustar_next(archive, size, &offset, f, why);
}

int main(void)
{
    struct ustar_file f;
    const char *why = "";
    uint64_t offset = 0;
    header(archive, "dir/hello", 5, '0');
    memcpy(archive + USTAR_BLOCK, "hello", 5);
    header(archive + 2 * USTAR_BLOCK, "spin", 0, '0');
    CHECK(ustar_next(archive, sizeof archive, &offset, &f, &why) == USTAR_FILE &&
          strcmp(f.name, "dir/hello") == 0 && f.size == 5 &&
          memcmp(f.data, "hello", 5) == 0, "a file: name, size, contents");
    CHECK(ustar_next(archive, sizeof archive, &offset, &f, &why) == USTAR_FILE &&
          f.size == 0 && offset == 3 * USTAR_BLOCK, "an empty file, and the offset");
    CHECK(ustar_next(archive, sizeof archive, &offset, &f, &why) == USTAR_END,
          "a block of zeros ends the archive");
    archive[0] ^= 1;
    CHECK(first(sizeof archive, &f, &why) == USTAR_BAD && strstr(why, "checksum"),
          "a changed byte breaks the checksum");
    header(archive, "hello", 5, '0');
    archive[257] = 'x';
    CHECK(first(sizeof archive, &f, &why) == USTAR_BAD, "no magic: refused");
    header(archive, "hello", 8 * USTAR_BLOCK, '0');
    CHECK(first(sizeof archive, &f, &why) == USTAR_BAD, "a size past the end: refused");
    header(archive, "hello", 5, '0');
    CHECK(first(100, &f, &why) == USTAR_BAD, "a header cut short: refused");
    header(archive, "hello", 5, '0');
    archive[124] = '9';
    CHECK(first(sizeof archive, &f, &why) == USTAR_BAD, "a size that is not octal: refused");
    header(archive, "", 5, '0');
    CHECK(first(sizeof archive, &f, &why) == USTAR_BAD, "a file without a name: refused");
    header(archive, "hello", 5, '5');
    CHECK(first(sizeof archive, &f, &why) == USTAR_FILE && f.type == '5',
          "a directory is reported with its type");
    header(archive, "hello", 5, '\0');
    CHECK(first(sizeof archive, &f, &why) == USTAR_FILE && f.type == '0',
          "a NUL type byte is a regular file");
    header(archive, "hello", 5, '0');
    memcpy(archive + 257, "ustar  ", 8);               /* GNU: a space, and " \0" */
    checksum(archive);
    CHECK(first(sizeof archive, &f, &why) == USTAR_FILE, "GNU tar's header passes");
    archive[345] = 'x';
    checksum(archive);
    CHECK(first(sizeof archive, &f, &why) == USTAR_BAD, "a long name's prefix: refused");
    return check_done();
}
