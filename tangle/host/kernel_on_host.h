/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#ifndef KERNEL_ON_HOST_H
#define KERNEL_ON_HOST_H
#define INTERRUPT_FLAG_H                /* the kernel's cli and sti, replaced */
#include <stdint.h>
static inline uint64_t interrupts_save_and_disable(void) { return 0; }
static inline void interrupts_restore(uint64_t flags) { (void)flags; }

#include "../kernel/fs/buffer.c"
#include "../kernel/fs/log.c"
#include "../kernel/fs/layout.c"
#include "../kernel/fs/inode.c"
#include "../kernel/fs/directory.c"
#include "../kernel/fs/fs.c"
#include <stdlib.h>

static struct process host_process;
struct process *current = &host_process;

void process_wait_on(const void *what, const char *reason)
{
    (void)what, (void)reason;
    abort();                            /* one thread: nothing can be taken */
}

void process_wake_waiters(const void *what) { (void)what; }
size_t kprintf(const char *format, ...) { (void)format; return 0; }
struct block_device *block_device_at(uint32_t i) { (void)i; return NULL; }
bool block_named_in(char *args, struct block_device **d, uint64_t *block)
{
    (void)args, (void)d, (void)block;
    return false;                       /* for the cache's command, never run */
}

bool block_read(struct block_device *d, uint64_t block, void *buffer)
{
    return block < d->blocks && d->read(d, block, buffer);
}

bool block_write(struct block_device *d, uint64_t block, const void *buffer)
{
    return block < d->blocks && !d->read_only && d->write(d, block, buffer);
}
static bool memory_read(struct block_device *d, uint64_t block, void *to)
{
    memcpy(to, (uint8_t *)d->driver + block * BLOCK_SIZE, BLOCK_SIZE);
    return true;
}

static bool memory_write(struct block_device *d, uint64_t block, const void *from)
{
    memcpy((uint8_t *)d->driver + block * BLOCK_SIZE, from, BLOCK_SIZE);
    return true;
}

static struct block_device memory_disk(uint8_t *image, uint32_t blocks)
{
    return (struct block_device){.name = "image", .blocks = blocks, .driver = image,
                                 .read = memory_read, .write = memory_write};
}

static void host_reset(void)
{
    memset(buffers, 0, sizeof buffers);
    buffer_init();
    memset(open_inodes, 0, sizeof open_inodes);
    is_mounted = busy = false;
    host_process.kill_held = 0;
}
static void format(uint8_t *image, uint32_t blocks)
{
    uint32_t inodes = (blocks / 4 + FS_INODES_PER_BLOCK - 1) / FS_INODES_PER_BLOCK *
                      FS_INODES_PER_BLOCK;
    struct superblock s = {.magic = FS_MAGIC, .blocks = blocks, .inodes = inodes,
                           .log_start = 1, .log_blocks = LOG_MAX + 1};
    s.inode_start = s.log_start + s.log_blocks;
    s.bitmap_start = s.inode_start + inodes / FS_INODES_PER_BLOCK;
    s.data_start = s.bitmap_start + (blocks + BLOCK_SIZE * 8 - 1) / (BLOCK_SIZE * 8);
    memset(image, 0, (size_t)blocks * BLOCK_SIZE);
    memcpy(image, &s, sizeof s);
    for (uint32_t b = 0; b < s.data_start; b++)
        image[s.bitmap_start * BLOCK_SIZE + b / 8] |= (uint8_t)(1u << b % 8);
    struct disk_inode root = {.type = INODE_DIRECTORY, .links = 1};
    memcpy(image + s.inode_start * BLOCK_SIZE + FS_ROOT * sizeof root, &root,
           sizeof root);
}

static const char *make_file_system(struct block_device *d, uint8_t *image,
                                    uint32_t blocks)
{
    format(image, blocks);
    host_reset();
    const char *why = fs_mount(d);
    struct disk_inode root;
    if (why != NULL || inode_get(&mounted, FS_ROOT, &root) < 0)
        return why != NULL ? why : "the new root cannot be read";
    log_begin(&mounted.log);
    int r = directory_add(&mounted, FS_ROOT, &root, ".", FS_ROOT);
    if (r == 0)
        r = directory_add(&mounted, FS_ROOT, &root, "..", FS_ROOT);
    return finish(r) == 0 ? NULL : "the root directory could not be written";
}
#endif
