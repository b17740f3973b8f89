/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#ifndef LAYOUT_H
#define LAYOUT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "block.h"
#include "log.h"

#define FS_MAGIC 0x3153464Bu            /* "KFS1" in the disk's bytes */
#define FS_BLOCKS_MAX 65536             /* 64 MiB: a bitmap of at most 8 blocks */
#define FS_ROOT 1                       /* the root directory's inode; 0 is none */

struct superblock {                     /* the first bytes of block 0 */
    uint32_t magic;
    uint32_t blocks;                    /* the file system's size, in blocks */
    uint32_t inodes;                    /* entries in the inode table */
    uint32_t log_start, log_blocks;     /* the log: its header, then copies */
    uint32_t inode_start;
    uint32_t bitmap_start;
    uint32_t data_start;                /* the first data block */
};
#define FS_DIRECT 11                    /* block numbers in the inode itself */
#define FS_POINTERS (BLOCK_SIZE / 4)    /* block numbers in an indirect block */
#define FS_FILE_BLOCKS_MAX (FS_DIRECT + FS_POINTERS + FS_POINTERS * FS_POINTERS)
#define FS_INODES_PER_BLOCK (BLOCK_SIZE / 64)

enum inode_type { INODE_FREE, INODE_FILE, INODE_DIRECTORY };

struct disk_inode {
    uint16_t type;                      /* an inode_type */
    uint16_t links;                     /* directory entries that name it */
    uint32_t size;                      /* in bytes */
    uint32_t direct[FS_DIRECT];         /* the first 11 blocks; 0: none */
    uint32_t indirect;                  /* a block of 256 more numbers */
    uint32_t double_indirect;           /* a block of 256 indirect blocks */
    uint32_t unused;
};
_Static_assert(sizeof(struct disk_inode) == 64, "16 inodes fill a block");
#define FS_NAME_MAX 27                  /* characters in a name */

struct directory_entry {
    uint32_t inode;                     /* 0: a free slot */
    char name[FS_NAME_MAX + 1];         /* ends with a zero byte */
};
_Static_assert(sizeof(struct directory_entry) == 32, "32 entries fill a block");

bool fs_is_data_block(const struct superblock *s, uint32_t block);
const char *fs_superblock_problem(const struct superblock *s, uint64_t device_blocks);
const char *fs_inode_problem(const struct disk_inode *i, const struct superblock *s);
const char *fs_entry_problem(const struct directory_entry *e,
                             const struct superblock *s);
const char *fs_log_problem(const struct log_header *h, const struct superblock *s);
#endif
