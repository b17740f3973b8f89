/* Tangled from chapters/19-a-disk.nw. Edit the chapter, not this file. */
#include "ram_disk.h"
#include "block.h"
#include "bootinfo.h"
#include "console.h"
#include "lib.h"

#define RAM_DISKS_MAX 4

struct ram_disk {
    struct block_device block;
    uint8_t *memory;                    /* the module, at its own address */
};

static struct ram_disk ram_disks[RAM_DISKS_MAX];

static bool ram_read(struct block_device *b, uint64_t block, void *buffer)
{
    const struct ram_disk *r = b->driver;
    memcpy(buffer, r->memory + block * BLOCK_SIZE, BLOCK_SIZE);
    return true;
}

static bool ram_write(struct block_device *b, uint64_t block, const void *buffer)
{
    struct ram_disk *r = b->driver;
    memcpy(r->memory + block * BLOCK_SIZE, buffer, BLOCK_SIZE);
    return true;
}

void ram_disk_init(void)
{
    uint32_t count = 0;
    for (uint32_t i = 0; i < boot_information.module_count; i++) {
        const struct mb2_module *m = &boot_information.modules[i];
        if (strlen(m->command_line) != 4 || memcmp(m->command_line, "disk", 4) != 0)
            continue;
        if (count == RAM_DISKS_MAX) {
            kprintf("ram disk: more than %d; the rest are not used\n", RAM_DISKS_MAX);
            return;
        }
        struct ram_disk *r = &ram_disks[count];
        r->memory = (uint8_t *)(uintptr_t)m->start;
        r->block = (struct block_device){
            .name = {'r', 'a', 'm', (char)('0' + count)},
            .blocks = (m->end - m->start) / BLOCK_SIZE,
            .read = ram_read, .write = ram_write, .driver = r,
        };
        if (r->block.blocks > 0 && block_register(&r->block))
            count++;
    }
}
