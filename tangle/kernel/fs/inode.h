/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#ifndef INODE_H
#define INODE_H
#include <stdint.h>
#include "layout.h"
#include "log.h"

struct file_system {
    struct block_device *device;
    struct superblock super;            /* as read from block 0, and checked */
    struct log log;                     /* every change goes through it */
    uint32_t problems;                  /* damage seen since it was mounted */
};

int fs_damaged(struct file_system *fs, const char *what, uint32_t number);
int inode_get(struct file_system *fs, uint32_t number, struct disk_inode *i);
int inode_put(struct file_system *fs, uint32_t number, const struct disk_inode *i);
int inode_allocate(struct file_system *fs, uint16_t type, uint32_t *number);
int64_t inode_read(struct file_system *fs, struct disk_inode *i, void *to,
                   uint64_t offset, uint64_t n);
int64_t inode_write(struct file_system *fs, uint32_t number, struct disk_inode *i,
                    const void *from, uint64_t offset, uint64_t n);
int inode_truncate(struct file_system *fs, uint32_t number, struct disk_inode *i);
#endif
