/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#include "directory.h"
#include "lib.h"
#include "syscalls.h"

static int entry_at(struct file_system *fs, uint32_t number, struct disk_inode *dir,
                    uint64_t offset, struct directory_entry *e)
{
    int64_t got = inode_read(fs, dir, e, offset, sizeof *e);
    if (got < 0)
        return (int)got;
    const char *why = fs_entry_problem(e, &fs->super);
    return why == NULL ? 0 : fs_damaged(fs, why, number);
}

static bool same_name(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && memcmp(a, b, n) == 0;
}

static int must_be_directory(const struct disk_inode *dir)
{
    if (dir->type == INODE_DIRECTORY && dir->links > 0)
        return 0;
    return dir->type == INODE_DIRECTORY || dir->type == INODE_FREE ? -E_NOENT
                                                                   : -E_NOTDIR;
}

int directory_find(struct file_system *fs, uint32_t number, struct disk_inode *dir,
                   const char *name, uint32_t *inode, uint64_t *offset)
{
    int r = must_be_directory(dir);
    struct directory_entry e;
    for (uint64_t at = 0; r == 0 && at < dir->size; at += sizeof e) {
        r = entry_at(fs, number, dir, at, &e);
        if (r == 0 && e.inode != 0 && same_name(e.name, name)) {
            *inode = e.inode;
            if (offset != NULL)
                *offset = at;
            return 0;
        }
    }
    return r < 0 ? r : -E_NOENT;
}

int directory_next(struct file_system *fs, uint32_t number, struct disk_inode *dir,
                   uint64_t *offset, struct directory_entry *e)
{
    int r = must_be_directory(dir);
    while (r == 0 && *offset < dir->size) {
        r = entry_at(fs, number, dir, *offset, e);
        *offset += sizeof *e;
        if (r == 0 && e->inode != 0)
            return 1;
    }
    return r;
}

int directory_add(struct file_system *fs, uint32_t number, struct disk_inode *dir,
                  const char *name, uint32_t inode)
{
    struct directory_entry e = {.inode = inode};
    size_t n = strlen(name);
    if (n > FS_NAME_MAX)
        return -E_NAMETOOLONG;
    memcpy(e.name, name, n);
    struct directory_entry slot;
    uint64_t at = 0;
    for (; at < dir->size; at += sizeof slot) {
        int r = entry_at(fs, number, dir, at, &slot);
        if (r < 0)
            return r;
        if (slot.inode == 0)
            break;
    }
    int64_t written = inode_write(fs, number, dir, &e, at, sizeof e);
    return written < 0 ? (int)written : 0;
}

int directory_remove(struct file_system *fs, uint32_t number, struct disk_inode *dir,
                     uint64_t offset)
{
    struct directory_entry free_slot = {0};
    int64_t written = inode_write(fs, number, dir, &free_slot, offset, sizeof free_slot);
    return written < 0 ? (int)written : 0;
}

int directory_is_empty(struct file_system *fs, uint32_t number, struct disk_inode *dir)
{
    uint64_t offset = 0;
    struct directory_entry e;
    int r;
    while ((r = directory_next(fs, number, dir, &offset, &e)) == 1)
        if (!same_name(e.name, ".") && !same_name(e.name, ".."))
            return 0;
    return r < 0 ? r : 1;
}

static int next_name(const char **path, char name[FS_NAME_MAX + 1])
{
    while (**path == '/')
        (*path)++;
    size_t n = 0;
    while ((*path)[n] != '\0' && (*path)[n] != '/')
        n++;
    if (n > FS_NAME_MAX)
        return -E_NAMETOOLONG;
    memcpy(name, *path, n);
    name[n] = '\0';
    *path += n;
    return (int)n;
}

static bool only_slashes(const char *path)
{
    while (*path == '/')
        path++;
    return *path == '\0';
}

int directory_walk(struct file_system *fs, uint32_t start, const char *path,
                   uint32_t *inode, char *last)
{
    uint32_t at = path[0] == '/' ? FS_ROOT : start;
    char name[FS_NAME_MAX + 1];
    int n;
    if (path[0] == '\0')
        return -E_NOENT;
    while ((n = next_name(&path, name)) > 0) {
        struct disk_inode dir;
        int r = inode_get(fs, at, &dir);
        if (r == 0 && last != NULL && only_slashes(path)) {
            memcpy(last, name, (size_t)n + 1);
            *inode = at;
            return must_be_directory(&dir);
        }
        if (r == 0)
            r = directory_find(fs, at, &dir, name, &at, NULL);
        if (r < 0)
            return r;
    }
    if (n < 0 || last != NULL)
        return n < 0 ? n : -E_INVAL;
    *inode = at;
    return 0;
}
