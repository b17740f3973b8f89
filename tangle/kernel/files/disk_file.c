/* Tangled from chapters/23-files-for-programs.nw. Edit the chapter, not this file. */
#include "disk_file.h"
#include "fs.h"
#include "heap.h"
#include "syscalls.h"
#include "user.h"
#include "user_memory.h"

#define DISK_PIECE (8 * 1024)

static int64_t read_piece(struct disk_file *d, uint64_t to, uint64_t n)
{
    uint8_t *piece = kmalloc(DISK_PIECE);
    int64_t r = piece != NULL ? fs_read(d->inode, d->offset, piece, n) : -E_NOMEM;
    if (r > 0 && !copy_to_user(to, piece, (size_t)r))
        r = -E_FAULT;
    kfree(piece);
    if (r > 0)
        d->offset += (uint64_t)r;
    return r;
}

static int64_t disk_read(struct file *f, uint64_t buffer, uint64_t length)
{
    struct disk_file *d = f->object;
    if (!d->readable || d->directory)
        return d->directory ? -E_ISDIR : -E_BADF;
    uint64_t done = 0;
    int64_t r = 0;
    while (done < length) {
        uint64_t n = length - done < DISK_PIECE ? length - done : DISK_PIECE;
        if (done > 0 && syscall_give_way != NULL)
            syscall_give_way();             /* others run; a kill lands here */
        if ((r = read_piece(d, buffer + done, n)) <= 0)
            break;
        done += (uint64_t)r;
        if ((uint64_t)r < n)
            break;                          /* the end of the file */
    }
    return done > 0 ? (int64_t)done : r;
}

static int64_t write_piece(struct disk_file *d, uint64_t from, uint64_t n)
{
    uint8_t *piece = kmalloc(DISK_PIECE);
    struct fs_status s;
    int64_t r = piece != NULL ? 0 : -E_NOMEM;
    if (r == 0 && !copy_from_user(piece, from, (size_t)n))
        r = -E_FAULT;
    if (r == 0 && d->append && (r = fs_status(d->inode, &s)) == 0)
        d->offset = s.size;
    if (r == 0)
        r = fs_write(d->inode, d->offset, piece, n);
    kfree(piece);
    if (r > 0)
        d->offset += (uint64_t)r;
    return r;
}

static int64_t disk_write(struct file *f, uint64_t buffer, uint64_t length)
{
    struct disk_file *d = f->object;
    if (!d->writable)
        return -E_BADF;
    uint64_t done = 0;
    int64_t r = 0;
    while (done < length) {
        uint64_t n = length - done < DISK_PIECE ? length - done : DISK_PIECE;
        if (done > 0 && syscall_give_way != NULL)
            syscall_give_way();
        if ((r = write_piece(d, buffer + done, n)) <= 0)
            break;
        done += (uint64_t)r;
        if ((uint64_t)r < n)
            break;                          /* the disk is full */
    }
    return done > 0 ? (int64_t)done : r;
}

static void disk_close(struct file *f)
{
    struct disk_file *d = f->object;
    fs_let_go(d->inode);
    kfree(d);
}

static const struct file_operations disk_file_operations = {
    .read = disk_read, .write = disk_write, .close = disk_close,
};

struct disk_file *disk_file_of(struct file *f)
{
    return f != NULL && f->operations == &disk_file_operations ? f->object : NULL;
}

static int64_t find(uint32_t start, const char *path, uint64_t flags,
                    uint32_t *inode, struct fs_status *s)
{
    int r = flags & OPEN_CREATE ? fs_create(start, path, INODE_FILE, inode)
                                : fs_lookup(start, path, inode);
    if (r < 0 && r != -E_EXIST)
        return r;
    if (!fs_hold(*inode))
        return -E_NOFILE;
    r = fs_status(*inode, s);
    if (r == 0 && s->type == INODE_DIRECTORY && (flags & OPEN_WRITE))
        r = -E_ISDIR;
    if (r == 0 && (flags & OPEN_TRUNCATE))
        r = fs_truncate(*inode);
    if (r < 0)
        fs_let_go(*inode);
    return r;
}

int64_t disk_file_open(uint32_t start, const char *path, uint64_t flags,
                       struct file **opened)
{
    uint64_t known = OPEN_READ | OPEN_WRITE | OPEN_CREATE | OPEN_TRUNCATE | OPEN_APPEND;
    if ((flags & ~known) != 0 || (flags & (OPEN_READ | OPEN_WRITE)) == 0 ||
        ((flags & (OPEN_TRUNCATE | OPEN_APPEND)) && !(flags & OPEN_WRITE)))
        return -E_INVAL;
    uint32_t inode;
    struct fs_status s;
    int64_t r = find(start, path, flags, &inode, &s);
    if (r < 0)
        return r;
    struct disk_file *d = kmalloc(sizeof *d);
    struct file *f = d != NULL ? file_new(FILE_OTHER, NULL) : NULL;
    if (f == NULL) {
        kfree(d);
        fs_let_go(inode);
        return -E_NOMEM;
    }
    *d = (struct disk_file){.inode = inode, .directory = s.type == INODE_DIRECTORY,
                            .readable = flags & OPEN_READ, .writable = flags & OPEN_WRITE,
                            .append = flags & OPEN_APPEND};
    f->operations = &disk_file_operations;
    f->object = d;
    *opened = f;
    return 0;
}
