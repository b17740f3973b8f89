/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#ifndef FS_H
#define FS_H
#include <stdbool.h>
#include <stdint.h>
#include "block.h"
#include "layout.h"

struct fs_status {                      /* what fs_status tells of an inode */
    uint16_t type;                      /* an inode_type */
    uint16_t links;
    uint32_t size;
};

struct fs_usage {                       /* what fs_usage tells of the disk */
    const char *device;
    uint32_t blocks, free_blocks, inodes, free_inodes;
};

void fs_init(void);
const char *fs_mount(struct block_device *d);
int fs_lookup(uint32_t start, const char *path, uint32_t *inode);
int fs_create(uint32_t start, const char *path, uint16_t type, uint32_t *inode);
int fs_remove(uint32_t start, const char *path);
int64_t fs_read(uint32_t inode, uint64_t offset, void *to, uint64_t n);
int64_t fs_write(uint32_t inode, uint64_t offset, const void *from, uint64_t n);
int fs_truncate(uint32_t inode);
int fs_status(uint32_t inode, struct fs_status *s);
int fs_list(uint32_t inode, uint64_t *offset, struct directory_entry *e);
bool fs_hold(uint32_t inode);
void fs_let_go(uint32_t inode);
int fs_usage(struct fs_usage *u);
#endif
