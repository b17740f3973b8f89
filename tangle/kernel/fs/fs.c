/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#include "fs.h"
#include "buffer.h"
#include "console.h"
#include "directory.h"
#include "inode.h"
#include "interrupts.h"
#include "lib.h"
#include "scheduler.h"
#include "syscalls.h"

static struct file_system mounted;
static bool is_mounted, busy;
const char WAITING_FILE_SYSTEM[] = "files";

static void lock(void)
{
    uint64_t saved = interrupts_save_and_disable();
    current->kill_held++;                   /* from the wait on, not the take */
    while (busy)
        process_wait_on(&busy, WAITING_FILE_SYSTEM);
    busy = true;
    interrupts_restore(saved);
}

static void unlock(void)
{
    uint64_t saved = interrupts_save_and_disable();
    busy = false;
    process_wake_waiters(&busy);
    current->kill_held--;
    interrupts_restore(saved);
}

static bool enter(void)                 /* lock, if a file system is mounted */
{
    lock();
    if (!is_mounted)
        unlock();
    return is_mounted;
}

static int finish(int r)
{
    if (r < 0)
        log_abort(&mounted.log);
    else if (!log_commit(&mounted.log))
        r = -E_IO;
    return r;
}

static const char *log_header_problem(struct block_device *d, const struct superblock *s)
{
    struct log_header h;
    struct buffer *b = buffer_read(d, s->log_start);
    if (b == NULL)
        return "the log's header could not be read";
    memcpy(&h, b->data, sizeof h);
    buffer_release(b);
    return fs_log_problem(&h, s);
}

static void free_orphans(void);
static void forget_holders(void);

const char *fs_mount(struct block_device *d)
{
    struct superblock s;
    struct buffer *b = buffer_read(d, 0);
    if (b == NULL)
        return "block 0 could not be read";
    memcpy(&s, b->data, sizeof s);
    buffer_release(b);
    const char *why = fs_superblock_problem(&s, d->blocks);
    static struct file_system candidate;
    struct disk_inode root;
    if (why == NULL)
        why = log_header_problem(d, &s);
    if (why != NULL)
        return why;
    lock();
    candidate = (struct file_system){.device = d, .super = s};
    why = log_open(&candidate.log, d, s.log_start, s.log_blocks - 1);
    if (why == NULL && (inode_get(&candidate, FS_ROOT, &root) < 0 ||
                        root.type != INODE_DIRECTORY))
        why = "the root directory is missing or damaged";
    if (why == NULL) {
        mounted = candidate;
        is_mounted = true;
        forget_holders();
    }
    unlock();
    if (why == NULL)
        free_orphans();
    return why;
}

static int remove_inode(uint32_t number, struct disk_inode *i)
{
    int r = inode_truncate(&mounted, number, i);
    struct disk_inode free_inode = {0};
    return r < 0 ? r : inode_put(&mounted, number, &free_inode);
}

static void free_orphans(void)
{
    uint32_t freed = 0;
    lock();
    for (uint32_t n = FS_ROOT + 1; n < mounted.super.inodes; n++) {
        struct disk_inode i;
        if (inode_get(&mounted, n, &i) < 0 || i.type == INODE_FREE || i.links > 0)
            continue;
        log_begin(&mounted.log);
        if (finish(remove_inode(n, &i)) == 0)
            freed++;
    }
    unlock();
    if (freed > 0)
        kprintf("fs: %s: freed %u inodes that no directory named\n",
                mounted.device->name, freed);
}

static bool has_magic(struct block_device *d)
{
    struct buffer *b = d->blocks > 0 ? buffer_read(d, 0) : NULL;
    uint32_t magic = 0;
    if (b != NULL) {
        memcpy(&magic, b->data, sizeof magic);
        buffer_release(b);
    }
    return magic == FS_MAGIC;
}

void fs_init(void)
{
    struct block_device *d;
    for (uint32_t k = 0; (d = block_device_at(k)) != NULL; k++) {
        if (!has_magic(d))
            continue;
        const char *why = fs_mount(d);
        struct fs_usage u;
        if (why == NULL && fs_usage(&u) == 0) {
            kprintf("fs: %s mounted: %u of %u blocks free, %u of %u inodes free\n",
                    d->name, u.free_blocks, u.blocks, u.free_inodes, u.inodes);
            return;
        }
        kprintf("fs: %s refused: %s\n", d->name, why != NULL ? why : "unreadable");
    }
    kprintf("fs: no disk holds a file system\n");
}

static int count_free(struct fs_usage *u)
{
    const struct superblock *s = &mounted.super;
    const uint32_t per_block = BLOCK_SIZE * 8;
    *u = (struct fs_usage){.device = mounted.device->name, .blocks = s->blocks,
                           .inodes = s->inodes};
    for (uint32_t first = 0; first < s->blocks; first += per_block) {
        uint32_t bitmap = s->bitmap_start + first / per_block;
        struct buffer *b = buffer_read(mounted.device, bitmap);
        if (b == NULL)
            return -E_IO;
        for (uint32_t n = first; n < first + per_block && n < s->blocks; n++)
            u->free_blocks += n >= s->data_start &&
                              (b->data[(n - first) / 8] & 1u << n % 8) == 0;
        buffer_release(b);
    }
    for (uint32_t n = FS_ROOT + 1; n < s->inodes; n++) {
        struct disk_inode i;
        if (inode_get(&mounted, n, &i) == 0 && i.type == INODE_FREE)
            u->free_inodes++;
    }
    return 0;
}

int fs_usage(struct fs_usage *u)
{
    if (!enter())
        return -E_NOENT;
    int r = count_free(u);
    unlock();
    return r;
}

int fs_lookup(uint32_t start, const char *path, uint32_t *inode)
{
    if (!enter())
        return -E_NOENT;
    int r = directory_walk(&mounted, start, path, inode, NULL);
    unlock();
    return r;
}

static int create_in(uint32_t parent, struct disk_inode *dir, const char *name,
                     uint16_t type, uint32_t *inode)
{
    log_begin(&mounted.log);
    int r = inode_allocate(&mounted, type, inode);
    struct disk_inode fresh = {.type = type, .links = 1};
    if (r == 0 && type == INODE_DIRECTORY)
        r = directory_add(&mounted, *inode, &fresh, ".", *inode);
    if (r == 0 && type == INODE_DIRECTORY)
        r = directory_add(&mounted, *inode, &fresh, "..", parent);
    if (r == 0)
        r = directory_add(&mounted, parent, dir, name, *inode);
    return finish(r);
}

int fs_create(uint32_t start, const char *path, uint16_t type, uint32_t *inode)
{
    if (type != INODE_FILE && type != INODE_DIRECTORY)
        return -E_INVAL;
    char name[FS_NAME_MAX + 1];
    uint32_t parent;
    struct disk_inode dir;
    if (!enter())
        return -E_NOENT;
    int r = directory_walk(&mounted, start, path, &parent, name);
    if (r == 0)
        r = inode_get(&mounted, parent, &dir);
    if (r == 0 && dir.links == 0)
        r = -E_NOENT;                   /* removed, though someone holds it */
    if (r == 0) {
        r = directory_find(&mounted, parent, &dir, name, inode, NULL);
        r = r == 0 ? -E_EXIST : r == -E_NOENT ? create_in(parent, &dir, name, type, inode)
                                              : r;
    }
    unlock();
    return r;
}

static bool is_held(uint32_t inode);

static int remove_named(uint32_t parent, struct disk_inode *dir, const char *name)
{
    uint32_t number;
    uint64_t at;
    struct disk_inode i;
    int r = directory_find(&mounted, parent, dir, name, &number, &at);
    if (r == 0)
        r = inode_get(&mounted, number, &i);
    if (r == 0 && i.type == INODE_DIRECTORY) {
        int empty = directory_is_empty(&mounted, number, &i);
        r = empty == 1 ? 0 : empty == 0 ? -E_NOTEMPTY : empty;
    }
    if (r < 0)
        return r;
    log_begin(&mounted.log);
    r = directory_remove(&mounted, parent, dir, at);
    if (r == 0 && i.links > 0)
        i.links--;
    if (r == 0)
        r = i.links == 0 && !is_held(number) ? remove_inode(number, &i)
                                             : inode_put(&mounted, number, &i);
    return finish(r);
}

static bool is_dot_or_dotdot(const char *name)
{
    return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

int fs_remove(uint32_t start, const char *path)
{
    char name[FS_NAME_MAX + 1];
    uint32_t parent;
    struct disk_inode dir;
    if (!enter())
        return -E_NOENT;
    int r = directory_walk(&mounted, start, path, &parent, name);
    if (r == 0 && is_dot_or_dotdot(name))
        r = -E_INVAL;
    if (r == 0)
        r = inode_get(&mounted, parent, &dir);
    if (r == 0)
        r = remove_named(parent, &dir, name);
    unlock();
    return r;
}

#define FS_OPEN_MAX 64

static struct {
    uint32_t inode, holders;
} open_inodes[FS_OPEN_MAX];

static bool is_held(uint32_t inode)
{
    for (int k = 0; k < FS_OPEN_MAX; k++)
        if (open_inodes[k].holders > 0 && open_inodes[k].inode == inode)
            return true;
    return false;
}

static void forget_holders(void)        /* a new mount: nobody holds its files */
{
    memset(open_inodes, 0, sizeof open_inodes);
}

bool fs_hold(uint32_t inode)
{
    int slot = -1;
    uint64_t saved = interrupts_save_and_disable();
    if (!is_mounted) {
        interrupts_restore(saved);
        return false;
    }
    for (int k = 0; k < FS_OPEN_MAX; k++)
        if (open_inodes[k].holders > 0 && open_inodes[k].inode == inode)
            slot = k;
    for (int k = 0; k < FS_OPEN_MAX && slot < 0; k++)
        if (open_inodes[k].holders == 0)
            slot = k;
    if (slot >= 0) {
        open_inodes[slot].inode = inode;
        open_inodes[slot].holders++;
    }
    interrupts_restore(saved);
    return slot >= 0;
}

void fs_let_go(uint32_t inode)
{
    struct disk_inode i;
    if (!enter())
        return;
    for (int k = 0; k < FS_OPEN_MAX; k++)
        if (open_inodes[k].holders > 0 && open_inodes[k].inode == inode)
            open_inodes[k].holders--;
    if (!is_held(inode) && inode_get(&mounted, inode, &i) == 0 &&
        i.type != INODE_FREE && i.links == 0) {
        log_begin(&mounted.log);
        finish(remove_inode(inode, &i));
    }
    unlock();
}

int64_t fs_read(uint32_t inode, uint64_t offset, void *to, uint64_t n)
{
    struct disk_inode i;
    if (!enter())
        return -E_NOENT;
    int64_t r = inode_get(&mounted, inode, &i);
    if (r == 0)
        r = i.type == INODE_FREE ? -E_NOENT : inode_read(&mounted, &i, to, offset, n);
    unlock();
    return r;
}

#define FS_WRITE_PIECE (8 * BLOCK_SIZE)

int64_t fs_write(uint32_t inode, uint64_t offset, const void *from, uint64_t n)
{
    uint64_t done = 0;
    int64_t r = 0;
    if (!enter())
        return -E_NOENT;
    while (r >= 0 && done < n) {
        uint64_t piece = n - done < FS_WRITE_PIECE ? n - done : FS_WRITE_PIECE;
        struct disk_inode i;
        log_begin(&mounted.log);
        r = inode_get(&mounted, inode, &i);
        if (r == 0 && i.type != INODE_FILE)
            r = i.type == INODE_FREE ? -E_NOENT : -E_ISDIR;
        if (r == 0)
            r = inode_write(&mounted, inode, &i, (const uint8_t *)from + done,
                            offset + done, piece);
        r = finish((int)(r < 0 ? r : 0));
        if (r == 0)
            done += piece;
    }
    unlock();
    return done > 0 ? (int64_t)done : r;
}

int fs_truncate(uint32_t inode)
{
    struct disk_inode i;
    if (!enter())
        return -E_NOENT;
    log_begin(&mounted.log);
    int r = inode_get(&mounted, inode, &i);
    if (r == 0 && i.type != INODE_FILE)
        r = i.type == INODE_FREE ? -E_NOENT : -E_ISDIR;
    if (r == 0)
        r = inode_truncate(&mounted, inode, &i);
    r = finish(r);
    unlock();
    return r;
}

int fs_status(uint32_t inode, struct fs_status *s)
{
    struct disk_inode i;
    if (!enter())
        return -E_NOENT;
    int r = inode_get(&mounted, inode, &i);
    if (r == 0 && i.type == INODE_FREE)
        r = -E_NOENT;
    if (r == 0)
        *s = (struct fs_status){.type = i.type, .links = i.links, .size = i.size};
    unlock();
    return r;
}

int fs_list(uint32_t inode, uint64_t *offset, struct directory_entry *e)
{
    struct disk_inode dir;
    if (!enter())
        return -E_NOENT;
    int r = inode_get(&mounted, inode, &dir);
    if (r == 0)
        r = directory_next(&mounted, inode, &dir, offset, e);
    unlock();
    return r;
}
