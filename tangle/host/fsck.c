/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#include "../kernel/fs/layout.c"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t *image;
static struct superblock s;
static uint8_t *owners;                 /* per block: inodes that name it */
static uint32_t *names;                 /* per inode: entries that name it */
static uint32_t *parent;                /* per directory: the one that names it */
static uint32_t problems;

static void problem(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    if (++problems <= 40) {
        printf("fsck: ");
        vprintf(format, args);
        printf("\n");
    }
    va_end(args);
}

static uint8_t *block(uint32_t n) { return image + (uint64_t)n * BLOCK_SIZE; }

static struct disk_inode inode(uint32_t n)
{
    struct disk_inode i;
    memcpy(&i, block(s.inode_start + n / FS_INODES_PER_BLOCK) +
               n % FS_INODES_PER_BLOCK * sizeof i, sizeof i);
    return i;
}

static uint32_t entry(uint32_t table, uint32_t k)
{
    uint32_t e = 0;
    if (fs_is_data_block(&s, table))
        memcpy(&e, block(table) + 4 * k, 4);
    return fs_is_data_block(&s, e) ? e : 0;
}

static uint32_t block_of(const struct disk_inode *i, uint32_t k)
{
    if (k >= FS_FILE_BLOCKS_MAX)
        return 0;
    if (k < FS_DIRECT)
        return fs_is_data_block(&s, i->direct[k]) ? i->direct[k] : 0;
    k -= FS_DIRECT;
    if (k < FS_POINTERS)
        return entry(i->indirect, k);
    k -= FS_POINTERS;
    return entry(entry(i->double_indirect, k / FS_POINTERS), k % FS_POINTERS);
}

static bool claim(uint32_t n, uint32_t b, uint64_t index, uint64_t needed)
{
    if (!fs_is_data_block(&s, b)) {
        problem("inode %u names block %u, outside the data region", n, b);
        return false;
    }
    if (index >= needed)
        problem("inode %u names block %u past its end", n, b);
    if (owners[b]++ > 0)
        problem("block %u is named twice (again by inode %u)", b, n);
    return owners[b] == 1;
}

static void claim_table(uint32_t n, uint32_t table, uint64_t first, uint64_t step,
                        uint64_t needed)
{
    if (table == 0 || !claim(n, table, first, needed))
        return;
    for (uint32_t k = 0; k < FS_POINTERS; k++) {
        uint32_t e;
        memcpy(&e, block(table) + 4 * k, 4);
        if (e != 0 && step > 1)
            claim_table(n, e, first + k * step, 1, needed);
        else if (e != 0)
            claim(n, e, first + k, needed);
    }
}

static void claim_blocks(uint32_t n, const struct disk_inode *i)
{
    uint64_t needed = ((uint64_t)i->size + BLOCK_SIZE - 1) / BLOCK_SIZE;
    for (uint32_t k = 0; k < FS_DIRECT; k++)
        if (i->direct[k] != 0)
            claim(n, i->direct[k], k, needed);
    claim_table(n, i->indirect, FS_DIRECT, 1, needed);
    claim_table(n, i->double_indirect, FS_DIRECT + FS_POINTERS, FS_POINTERS, needed);
}

static struct directory_entry entry_at(const struct disk_inode *d, uint64_t at)
{
    struct directory_entry e = {0};
    uint32_t b = block_of(d, (uint32_t)(at / BLOCK_SIZE));
    if (b != 0)
        memcpy(&e, block(b) + at % BLOCK_SIZE, sizeof e);
    return e;
}

static void names_twice(uint32_t dir, const struct disk_inode *d)
{
    uint64_t count = d->size / sizeof(struct directory_entry);
    for (uint64_t a = 2; count <= 4096 && a < count; a++) {
        struct directory_entry x = entry_at(d, a * sizeof x);
        for (uint64_t b = 2; x.inode != 0 && b < a; b++) {
            struct directory_entry y = entry_at(d, b * sizeof y);
            if (y.inode != 0 && strncmp(x.name, y.name, sizeof x.name) == 0) {
                problem("directory %u names %.28s twice", dir, x.name);
                return;
            }
        }
    }
}

static void check_entry(uint32_t dir, uint64_t at, const struct directory_entry *e,
                        uint32_t *queue, uint32_t *queued)
{
    const char *why = fs_entry_problem(e, &s);
    bool dot = at == 0, dotdot = at == sizeof *e;
    if (why != NULL) {
        problem("directory %u, entry %llu: %s", dir, (unsigned long long)(at / sizeof *e),
                why);
        return;
    }
    if (dot || dotdot) {
        if (strcmp(e->name, dot ? "." : "..") != 0 || (dot && e->inode != dir))
            problem("directory %u does not start with . and ..", dir);
        return;                         /* .. is compared with parent below */
    }
    if (e->inode == 0)
        return;
    if (strcmp(e->name, ".") == 0 || strcmp(e->name, "..") == 0)
        problem("directory %u has a . or .. beyond its first two entries", dir);
    struct disk_inode i = inode(e->inode);
    if (i.type == INODE_FREE) {
        problem("directory %u names inode %u, which is free", dir, e->inode);
        return;
    }
    if (names[e->inode]++ == 0 && i.type == INODE_DIRECTORY) {
        parent[e->inode] = dir;
        queue[(*queued)++] = e->inode;
    }
}

static void walk_directories(void)
{
    uint32_t *queue = calloc(s.inodes, sizeof *queue), queued = 0;
    queue[queued++] = FS_ROOT;
    parent[FS_ROOT] = FS_ROOT;
    for (uint32_t q = 0; q < queued; q++) {
        uint32_t dir = queue[q];
        struct disk_inode d = inode(dir);
        if (fs_inode_problem(&d, &s) != NULL)
            continue;                   /* reported with the inodes */
        if (d.size < 2 * sizeof(struct directory_entry))
            problem("directory %u does not start with . and ..", dir);
        for (uint64_t at = 0; at < d.size; at += sizeof(struct directory_entry)) {
            struct directory_entry e = entry_at(&d, at);
            check_entry(dir, at, &e, queue, &queued);
            if (at == sizeof e && e.inode != parent[dir])
                problem("directory %u: .. is %u, but it is named in %u", dir, e.inode,
                        parent[dir]);
        }
        names_twice(dir, &d);
    }
    free(queue);
}

static uint32_t check_inodes(uint32_t *orphans)
{
    uint32_t used = 0;
    for (uint32_t n = 1; n < s.inodes; n++) {
        struct disk_inode i = inode(n);
        const char *why = fs_inode_problem(&i, &s);
        if (i.type == INODE_FREE || why != NULL) {
            if (why != NULL)
                problem("inode %u: %s", n, why);
            continue;
        }
        used++;
        uint32_t expected = i.type == INODE_DIRECTORY ? (n == FS_ROOT ? 0 : 1) : names[n];
        if (i.links == 0 && names[n] == 0 && n != FS_ROOT)
            (*orphans)++;
        else if (names[n] == 0 && n != FS_ROOT)
            problem("inode %u is in use, but no directory reachable from / names it", n);
        else if (i.links != (i.type == INODE_DIRECTORY ? 1 : expected) ||
                 names[n] != expected)
            problem("inode %u has %u links, but %u names", n, i.links, names[n]);
    }
    return used;
}

static uint32_t check_bitmap(void)
{
    uint32_t used = 0;
    for (uint32_t b = 0; b < s.blocks; b++) {
        const uint8_t *bits = block(s.bitmap_start + b / (BLOCK_SIZE * 8));
        bool marked = bits[b % (BLOCK_SIZE * 8) / 8] & 1u << b % 8;
        bool in_use = b < s.data_start || owners[b] > 0;
        used += marked;
        if (marked && !in_use)
            problem("block %u is marked used, but nothing names it", b);
        if (in_use && !marked)
            problem("block %u is in use, but the bitmap says it is free", b);
    }
    return used;
}

static bool replay_log(void)
{
    struct log_header h;
    memcpy(&h, block(s.log_start), sizeof h);
    if (h.magic == 0 && h.count == 0)
        return true;
    const char *why = fs_log_problem(&h, &s);
    if (why != NULL) {
        problem("%s", why);
        return false;
    }
    for (uint32_t k = 0; k < h.count; k++)
        memcpy(block((uint32_t)h.homes[k]), block(s.log_start + 1 + k), BLOCK_SIZE);
    if (h.count > 0)
        printf("fsck: the log holds a committed transaction of %u blocks; "
               "checked as the kernel will see it after replaying it\n", h.count);
    return true;
}

static uint8_t *read_image(const char *path, uint64_t *blocks)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0)
        return NULL;
    long size = ftell(f);
    uint8_t *data = size >= BLOCK_SIZE ? malloc((size_t)size) : NULL;
    rewind(f);
    if (data != NULL && fread(data, 1, (size_t)size, f) != (size_t)size) {
        free(data);
        data = NULL;
    }
    fclose(f);
    *blocks = (uint64_t)size / BLOCK_SIZE;
    return data;
}

int main(int argc, char **argv)
{
    uint64_t blocks;
    if (argc != 2 || (image = read_image(argv[1], &blocks)) == NULL) {
        fprintf(stderr, "usage: fsck IMAGE  (an image of at least one block)\n");
        return 2;
    }
    memcpy(&s, image, sizeof s);
    const char *why = fs_superblock_problem(&s, blocks);
    if (why != NULL || !replay_log()) {
        printf("%s: %s\n", argv[1], why != NULL ? why : "not checked further");
        return 1;
    }
    owners = calloc(s.blocks, 1);
    names = calloc(s.inodes, sizeof *names);
    parent = calloc(s.inodes, sizeof *parent);
    for (uint32_t n = 1; n < s.inodes; n++) {
        struct disk_inode i = inode(n);
        if (i.type != INODE_FREE && fs_inode_problem(&i, &s) == NULL)
            claim_blocks(n, &i);
    }
    if (inode(FS_ROOT).type != INODE_DIRECTORY)
        problem("inode %u, the root, is not a directory", FS_ROOT);
    else
        walk_directories();
    uint32_t orphans = 0, inodes = check_inodes(&orphans), used = check_bitmap();
    if (problems > 0) {
        printf("%s: %u problems\n", argv[1], problems);
        return 1;
    }
    printf("%s: clean: %u of %u blocks and %u of %u inodes in use", argv[1], used,
           s.blocks, inodes, s.inodes);
    printf(orphans > 0 ? "; %u orphans, which the next mount frees\n" : "\n", orphans);
    return 0;
}
