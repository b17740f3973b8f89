/* Tangled from chapters/23-files-for-programs.nw. Edit the chapter, not this file. */
#ifndef DISK_FILE_H
#define DISK_FILE_H
#include <stdbool.h>
#include <stdint.h>
#include "file.h"

struct disk_file {
    uint32_t inode;
    bool directory;                 /* listed with list, never read */
    bool readable, writable, append;
    uint64_t offset;                /* where the next read or write starts */
};

int64_t disk_file_open(uint32_t start, const char *path, uint64_t flags,
                       struct file **opened);
struct disk_file *disk_file_of(struct file *f);
#endif
