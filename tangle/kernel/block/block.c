/* Tangled from chapters/19-a-disk.nw. Edit the chapter, not this file. */
#include "block.h"
#include "console.h"
#include "lib.h"

static struct block_device *devices[BLOCK_DEVICES_MAX];
static uint32_t device_count;

bool block_read(struct block_device *d, uint64_t block, void *buffer)
{
    bool ok = block < d->blocks && d->read(d, block, buffer);
    if (ok)
        d->reads++;
    else
        d->failures++;
    return ok;
}

bool block_write(struct block_device *d, uint64_t block, const void *buffer)
{
    bool ok = block < d->blocks && !d->read_only && d->write(d, block, buffer);
    if (ok)
        d->writes++;
    else
        d->failures++;
    return ok;
}

static bool same_name(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && memcmp(a, b, n) == 0;
}

struct block_device *block_device_named(const char *name)
{
    for (uint32_t i = 0; i < device_count; i++)
        if (same_name(devices[i]->name, name))
            return devices[i];
    return NULL;
}

struct block_device *block_device_at(uint32_t i)
{
    return i < device_count ? devices[i] : NULL;
}

bool block_register(struct block_device *d)
{
    if (device_count == BLOCK_DEVICES_MAX || block_device_named(d->name) != NULL)
        return false;
    devices[device_count++] = d;
    kprintf("block: %s, %llu blocks of %d bytes (%llu KiB)%s\n", d->name,
            (unsigned long long)d->blocks, BLOCK_SIZE,
            (unsigned long long)(d->blocks * BLOCK_SIZE / 1024),
            d->read_only ? ", read-only" : "");
    return true;
}

static void list_devices(void)
{
    for (uint32_t i = 0; i < device_count; i++) {
        const struct block_device *d = devices[i];
        kprintf("  %-4s %8llu blocks%s: %llu reads, %llu writes, %llu failed, "
                "%llu interrupts\n", d->name, (unsigned long long)d->blocks,
                d->read_only ? " (read-only)" : "", (unsigned long long)d->reads,
                (unsigned long long)d->writes, (unsigned long long)d->failures,
                (unsigned long long)d->interrupts);
    }
    if (device_count == 0)
        kprintf("  no disks\n");
}

static void show_block(struct block_device *d, uint64_t block)
{
    static uint8_t data[BLOCK_SIZE];
    if (!block_read(d, block, data)) {
        kprintf("disk: %s has no block %llu it can read\n", d->name,
                (unsigned long long)block);
        return;
    }
    for (int row = 0; row < 64; row += 16) {
        kprintf("  %04x ", row);
        for (int i = 0; i < 16; i++)
            kprintf(" %02x", data[row + i]);
        kprintf("  ");
        for (int i = 0; i < 16; i++) {
            uint8_t c = data[row + i];
            kprintf("%c", c >= 0x20 && c < 0x7F ? c : '.');
        }
        kprintf("\n");
    }
}

bool block_named_in(char *args, struct block_device **d, uint64_t *block)
{
    char name[BLOCK_NAME_MAX] = {0};
    size_t n = 0;
    while (*args != '\0' && *args != ' ' && n < BLOCK_NAME_MAX - 1)
        name[n++] = *args++;
    while (*args == ' ')
        args++;
    *d = block_device_named(name);
    if (*d == NULL || *args < '0' || *args > '9')
        return false;
    for (*block = 0; *args >= '0' && *args <= '9'; args++) {
        if (*block > (UINT64_MAX - 9) / 10)
            return false;                       /* more digits than any disk has */
        *block = *block * 10 + (uint64_t)(*args - '0');
    }
    return true;
}

void block_command(char *args)
{
    struct block_device *d;
    uint64_t block;
    if (*args == '\0')
        list_devices();
    else if (block_named_in(args, &d, &block))
        show_block(d, block);
    else
        kprintf("disk: disk NAME BLOCK shows a block (disk alone lists them)\n");
}
