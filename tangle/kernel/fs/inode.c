/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#include "inode.h"
#include "buffer.h"
#include "console.h"
#include "lib.h"
#include "syscalls.h"

int fs_damaged(struct file_system *fs, const char *what, uint32_t number)
{
    if (++fs->problems <= 5)
        kprintf("fs: %s: damaged: %s (%u)\n", fs->device->name, what, number);
    return -E_IO;
}

#define BITS_PER_BLOCK (BLOCK_SIZE * 8)

static uint32_t clear_bit(const uint8_t *bits, uint32_t first,
                          const struct superblock *s)
{
    for (uint32_t k = 0; k < BITS_PER_BLOCK && first + k < s->blocks; k++) {
        if (k % 8 == 0 && bits[k / 8] == 0xFF) {
            k += 7;
            continue;
        }
        if ((bits[k / 8] & (1u << k % 8)) == 0 && first + k >= s->data_start)
            return first + k;
    }
    return 0;                                       /* 0: none here */
}

static int change_block(struct file_system *fs, uint32_t block, uint32_t at,
                        const void *from, uint32_t n)
{
    struct buffer *b = buffer_read(fs->device, block);
    if (b == NULL)
        return -E_IO;
    bool logged = log_write(&fs->log, b);
    if (logged && from == NULL)
        memset(b->data + at, 0, n);
    else if (logged)
        memcpy(b->data + at, from, n);
    buffer_release(b);
    return logged ? 0 : -E_IO;
}

static int block_allocate(struct file_system *fs, uint32_t *block)
{
    const struct superblock *s = &fs->super;
    for (uint32_t first = 0; first < s->blocks; first += BITS_PER_BLOCK) {
        uint32_t bitmap = s->bitmap_start + first / BITS_PER_BLOCK;
        struct buffer *b = buffer_read(fs->device, bitmap);
        if (b == NULL)
            return -E_IO;
        uint32_t n = clear_bit(b->data, first, s);
        uint8_t byte = n == 0 ? 0 : (uint8_t)(b->data[(n - first) / 8] | 1u << n % 8);
        buffer_release(b);
        if (n != 0) {
            *block = n;
            int r = change_block(fs, bitmap, (n - first) / 8, &byte, 1);
            return r < 0 ? r : change_block(fs, n, 0, NULL, BLOCK_SIZE);
        }
    }
    return -E_NOSPC;
}

static int block_free(struct file_system *fs, uint32_t block)
{
    const struct superblock *s = &fs->super;
    if (!fs_is_data_block(s, block))
        return fs_damaged(fs, "freeing a block outside the data region", block);
    uint32_t bitmap = s->bitmap_start + block / BITS_PER_BLOCK;
    uint32_t at = block % BITS_PER_BLOCK / 8;
    struct buffer *b = buffer_read(fs->device, bitmap);
    if (b == NULL)
        return -E_IO;
    uint8_t byte = b->data[at];
    buffer_release(b);
    if ((byte & 1u << block % 8) == 0)
        return fs_damaged(fs, "freeing a block the bitmap says is free", block);
    byte = (uint8_t)(byte & ~(1u << block % 8));
    return change_block(fs, bitmap, at, &byte, 1);
}

static uint32_t table_block(const struct superblock *s, uint32_t number)
{
    return s->inode_start + number / FS_INODES_PER_BLOCK;
}

int inode_get(struct file_system *fs, uint32_t number, struct disk_inode *i)
{
    if (number == 0 || number >= fs->super.inodes)
        return fs_damaged(fs, "an inode number outside the table", number);
    struct buffer *b = buffer_read(fs->device, table_block(&fs->super, number));
    if (b == NULL)
        return -E_IO;
    memcpy(i, b->data + number % FS_INODES_PER_BLOCK * sizeof *i, sizeof *i);
    buffer_release(b);
    const char *why = fs_inode_problem(i, &fs->super);
    return why == NULL ? 0 : fs_damaged(fs, why, number);
}

int inode_put(struct file_system *fs, uint32_t number, const struct disk_inode *i)
{
    return change_block(fs, table_block(&fs->super, number),
                        number % FS_INODES_PER_BLOCK * sizeof *i, i, sizeof *i);
}

int inode_allocate(struct file_system *fs, uint16_t type, uint32_t *number)
{
    const struct superblock *s = &fs->super;
    for (uint32_t n = FS_ROOT + 1; n < s->inodes; n++) {
        struct buffer *b = buffer_read(fs->device, table_block(s, n));
        if (b == NULL)
            return -E_IO;
        bool found = false;
        for (; !found && n < s->inodes; n++) {
            struct disk_inode i;
            memcpy(&i, b->data + n % FS_INODES_PER_BLOCK * sizeof i, sizeof i);
            found = i.type == INODE_FREE;
            if (!found && n % FS_INODES_PER_BLOCK == FS_INODES_PER_BLOCK - 1)
                break;                              /* the next block */
        }
        buffer_release(b);
        if (found) {
            *number = n - 1;
            struct disk_inode fresh = {.type = type, .links = 1};
            return inode_put(fs, *number, &fresh);
        }
    }
    return -E_NOSPC;
}

static int table_entry(struct file_system *fs, uint32_t table, uint32_t k,
                       bool grow, uint32_t *block)
{
    struct buffer *b = buffer_read(fs->device, table);
    if (b == NULL)
        return -E_IO;
    memcpy(block, b->data + 4 * k, 4);
    buffer_release(b);
    if (*block != 0 && !fs_is_data_block(&fs->super, *block))
        return fs_damaged(fs, "an indirect block naming a block outside the data region",
                          table);
    if (*block != 0 || !grow)
        return 0;
    int r = block_allocate(fs, block);
    return r < 0 ? r : change_block(fs, table, 4 * k, block, 4);
}

static int own_entry(struct file_system *fs, uint32_t *slot, bool grow,
                     uint32_t *block)
{
    int r = *slot == 0 && grow ? block_allocate(fs, slot) : 0;
    *block = *slot;
    return r;
}

static int file_block(struct file_system *fs, struct disk_inode *i, uint32_t n,
                      bool grow, uint32_t *block)
{
    uint32_t table;
    if (n >= FS_FILE_BLOCKS_MAX)
        return -E_NOSPC;
    if (n < FS_DIRECT)
        return own_entry(fs, &i->direct[n], grow, block);
    n -= FS_DIRECT;
    int r = own_entry(fs, n < FS_POINTERS ? &i->indirect : &i->double_indirect,
                      grow, &table);
    if (r == 0 && table != 0 && n >= FS_POINTERS)
        r = table_entry(fs, table, (n - FS_POINTERS) / FS_POINTERS, grow, &table);
    if (r < 0 || table == 0) {
        *block = 0;
        return r;
    }
    return table_entry(fs, table, (n < FS_POINTERS ? n : n - FS_POINTERS) % FS_POINTERS,
                       grow, block);
}

int64_t inode_read(struct file_system *fs, struct disk_inode *i, void *to,
                   uint64_t offset, uint64_t n)
{
    if (offset >= i->size)
        return 0;
    if (n > i->size - offset)
        n = i->size - offset;
    for (uint64_t done = 0; done < n;) {
        uint64_t at = offset + done, part = BLOCK_SIZE - at % BLOCK_SIZE;
        part = part < n - done ? part : n - done;
        uint32_t block;
        int r = file_block(fs, i, (uint32_t)(at / BLOCK_SIZE), false, &block);
        struct buffer *b = r == 0 && block != 0 ? buffer_read(fs->device, block) : NULL;
        if (r < 0 || (block != 0 && b == NULL))
            return r < 0 ? r : -E_IO;
        if (b == NULL)
            memset((uint8_t *)to + done, 0, part);
        else
            memcpy((uint8_t *)to + done, b->data + at % BLOCK_SIZE, part);
        if (b != NULL)
            buffer_release(b);
        done += part;
    }
    return (int64_t)n;
}

int64_t inode_write(struct file_system *fs, uint32_t number, struct disk_inode *i,
                    const void *from, uint64_t offset, uint64_t n)
{
    if (offset > i->size)
        return -E_INVAL;
    if (offset + n > (uint64_t)FS_FILE_BLOCKS_MAX * BLOCK_SIZE)
        return -E_NOSPC;
    for (uint64_t done = 0; done < n;) {
        uint64_t at = offset + done, part = BLOCK_SIZE - at % BLOCK_SIZE;
        part = part < n - done ? part : n - done;
        uint32_t block;
        int r = file_block(fs, i, (uint32_t)(at / BLOCK_SIZE), true, &block);
        if (r == 0)
            r = change_block(fs, block, (uint32_t)(at % BLOCK_SIZE),
                             (const uint8_t *)from + done, (uint32_t)part);
        if (r < 0)
            return r;
        done += part;
    }
    if (offset + n > i->size)
        i->size = (uint32_t)(offset + n);
    int r = inode_put(fs, number, i);
    return r < 0 ? r : (int64_t)n;
}

static int free_table(struct file_system *fs, uint32_t table, int depth)
{
    for (uint32_t k = 0; k < FS_POINTERS; k++) {
        uint32_t entry;
        int r = table_entry(fs, table, k, false, &entry);
        if (r == 0 && entry != 0)
            r = depth > 1 ? free_table(fs, entry, depth - 1) : block_free(fs, entry);
        if (r < 0)
            return r;
    }
    return block_free(fs, table);
}

int inode_truncate(struct file_system *fs, uint32_t number, struct disk_inode *i)
{
    int r = 0;
    for (int k = 0; k < FS_DIRECT && r == 0; k++)
        if (i->direct[k] != 0)
            r = block_free(fs, i->direct[k]);
    if (r == 0 && i->indirect != 0)
        r = free_table(fs, i->indirect, 1);
    if (r == 0 && i->double_indirect != 0)
        r = free_table(fs, i->double_indirect, 2);
    if (r < 0)
        return r;
    memset(i->direct, 0, sizeof i->direct);
    i->indirect = i->double_indirect = 0;
    i->size = 0;
    return inode_put(fs, number, i);
}
