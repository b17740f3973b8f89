/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#ifndef DIRECTORY_H
#define DIRECTORY_H
#include <stdbool.h>
#include <stdint.h>
#include "inode.h"

int directory_find(struct file_system *fs, uint32_t number, struct disk_inode *dir,
                   const char *name, uint32_t *inode, uint64_t *offset);
int directory_next(struct file_system *fs, uint32_t number, struct disk_inode *dir,
                   uint64_t *offset, struct directory_entry *e);
int directory_add(struct file_system *fs, uint32_t number, struct disk_inode *dir,
                  const char *name, uint32_t inode);
int directory_remove(struct file_system *fs, uint32_t number, struct disk_inode *dir,
                     uint64_t offset);
int directory_is_empty(struct file_system *fs, uint32_t number, struct disk_inode *dir);
int directory_walk(struct file_system *fs, uint32_t start, const char *path,
                   uint32_t *inode, char *last);
#endif
