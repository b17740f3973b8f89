/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#include "layout.h"

bool fs_is_data_block(const struct superblock *s, uint32_t block)
{
    return block >= s->data_start && block < s->blocks;
}

const char *fs_superblock_problem(const struct superblock *s, uint64_t device_blocks)
{
    uint64_t inode_blocks = ((uint64_t)s->inodes + FS_INODES_PER_BLOCK - 1) /
                            FS_INODES_PER_BLOCK;
    uint64_t bitmap_blocks = ((uint64_t)s->blocks + BLOCK_SIZE * 8 - 1) /
                             (BLOCK_SIZE * 8);
    if (s->magic != FS_MAGIC)
        return "no file system here: block 0 lacks the magic number";
    if (s->blocks > device_blocks || s->blocks > FS_BLOCKS_MAX)
        return "the superblock's size is larger than the disk or the format";
    if (s->log_start == 0 || s->log_blocks != LOG_MAX + 1)
        return "the superblock's log region is not one header and 30 copies";
    if ((uint64_t)s->log_start + s->log_blocks > s->inode_start ||
        s->inodes <= FS_ROOT ||
        s->inode_start + inode_blocks > s->bitmap_start ||
        s->bitmap_start + bitmap_blocks > s->data_start ||
        s->data_start >= s->blocks)
        return "the superblock's regions overlap or run past its end";
    return NULL;
}

const char *fs_inode_problem(const struct disk_inode *i, const struct superblock *s)
{
    if (i->type > INODE_DIRECTORY)
        return "an inode of no known type";
    if ((uint64_t)i->size > (uint64_t)FS_FILE_BLOCKS_MAX * BLOCK_SIZE)
        return "an inode larger than a file can be";
    if (i->type == INODE_DIRECTORY && i->size % sizeof(struct directory_entry) != 0)
        return "a directory whose size is not a whole number of entries";
    for (int k = 0; k < FS_DIRECT; k++)
        if (i->direct[k] != 0 && !fs_is_data_block(s, i->direct[k]))
            return "an inode naming a block outside the data region";
    if ((i->indirect != 0 && !fs_is_data_block(s, i->indirect)) ||
        (i->double_indirect != 0 && !fs_is_data_block(s, i->double_indirect)))
        return "an inode naming a block outside the data region";
    return NULL;
}

const char *fs_entry_problem(const struct directory_entry *e,
                             const struct superblock *s)
{
    if (e->inode == 0)
        return NULL;                    /* a free slot */
    if (e->inode >= s->inodes)
        return "a directory entry naming an inode outside the table";
    if (e->name[0] == '\0' || e->name[FS_NAME_MAX] != '\0')
        return "a directory entry with an empty or unended name";
    for (int k = 0; k < FS_NAME_MAX && e->name[k] != '\0'; k++)
        if (e->name[k] == '/')
            return "a directory entry whose name holds a slash";
    return NULL;
}

const char *fs_log_problem(const struct log_header *h, const struct superblock *s)
{
    if (h->magic == 0 && h->count == 0)
        return NULL;                    /* an empty log, as mkfs makes it */
    if (h->magic != LOG_MAGIC || h->count > s->log_blocks - 1)
        return "the log's header is damaged";
    for (uint32_t k = 0; k < h->count; k++)
        if (h->homes[k] < s->inode_start || h->homes[k] >= s->blocks)
            return "the log names a block outside the inodes, bitmap and data";
    return NULL;
}
