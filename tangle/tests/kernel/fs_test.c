/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#include "ktest.h"
#include "buffer.h"
#include "console.h"
#include "format.h"
#include "fs.h"
#include "interrupts.h"
#include "lib.h"
#include "scheduler.h"
#include "syscalls.h"

static uint8_t pattern[320 * 1024], back[320 * 1024];

static bool mounted(void)
{
    struct fs_usage u;
    bool yes = fs_usage(&u) == 0;
    KEXPECT(yes || block_device_named("vda") == NULL);  /* no disks: Bochs */
    return yes;
}

static uint32_t free_blocks(void)
{
    struct fs_usage u;
    return fs_usage(&u) == 0 ? u.free_blocks : 0;
}

static void settled(void)
{
    KEXPECT(buffer_stats().held == 0);
    KEXPECT(current->kill_held == 0);
}

static void fill(uint32_t n, uint8_t seed)
{
    for (uint32_t k = 0; k < n; k++)
        pattern[k] = (uint8_t)(k * 31 + seed + k / 1024);
}

KTEST(a_file_written_reads_back)
{
    if (!mounted())
        return;
    uint32_t dir, file;
    struct fs_status s;
    fill(4000, 1);
    KEXPECT(fs_create(FS_ROOT, "/t", INODE_DIRECTORY, &dir) == 0);
    KEXPECT(fs_create(FS_ROOT, "/t/a", INODE_FILE, &file) == 0);
    KEXPECT(fs_write(file, 0, pattern, 3000) == 3000);
    KEXPECT(fs_write(file, 3000, pattern + 3000, 1000) == 1000);
    KEXPECT(fs_write(file, 5000, pattern, 1) == -E_INVAL);
    KEXPECT(fs_status(file, &s) == 0 && s.size == 4000 && s.links == 1);
    KEXPECT(s.type == INODE_FILE);
    KEXPECT(fs_read(file, 0, back, 5000) == 4000 && memcmp(back, pattern, 4000) == 0);
    KEXPECT(fs_read(file, 3990, back, 100) == 10);
    KEXPECT(memcmp(back, pattern + 3990, 10) == 0);
    KEXPECT(fs_read(file, 4000, back, 100) == 0);
    settled();
}

KTEST(a_large_file_reaches_the_double_indirect_block)
{
    if (!mounted())
        return;
    uint32_t file, before = free_blocks();
    fill(sizeof pattern, 2);
    KEXPECT(fs_create(FS_ROOT, "/large", INODE_FILE, &file) == 0);
    KEXPECT(fs_write(file, 0, pattern, 300 * 1024) == 300 * 1024);
    KEXPECT(before - free_blocks() == 300 + 1 + 1 + 1);     /* data, 3 tables */
    memset(back, 0, sizeof back);
    KEXPECT(fs_read(file, 0, back, sizeof back) == 300 * 1024);
    KEXPECT(memcmp(back, pattern, 300 * 1024) == 0);
    KEXPECT(fs_remove(FS_ROOT, "/large") == 0);
    KEXPECT(free_blocks() == before);
    settled();
}

KTEST(paths_and_their_errors)
{
    if (!mounted())
        return;
    uint32_t a, b, dir;
    KEXPECT(fs_create(FS_ROOT, "/p", INODE_DIRECTORY, &dir) == 0);
    KEXPECT(fs_create(dir, "f", INODE_FILE, &a) == 0);
    KEXPECT(fs_create(FS_ROOT, "/p/f", INODE_FILE, &b) == -E_EXIST && b == a);
    KEXPECT(fs_lookup(FS_ROOT, "//p///f", &b) == 0 && b == a);
    KEXPECT(fs_lookup(dir, "../p/./f", &b) == 0 && b == a);
    KEXPECT(fs_lookup(FS_ROOT, "/p/g", &b) == -E_NOENT);
    KEXPECT(fs_lookup(FS_ROOT, "/p/f/g", &b) == -E_NOTDIR);
    KEXPECT(fs_lookup(FS_ROOT, "", &b) == -E_NOENT);
    KEXPECT(fs_create(dir, "abcdefghijklmnopqrstuvwxyz01", INODE_FILE, &b) ==
            -E_NAMETOOLONG);
    KEXPECT(fs_create(dir, "abcdefghijklmnopqrstuvwxyz0", INODE_FILE, &b) == 0);
    KEXPECT(fs_write(dir, 0, "x", 1) == -E_ISDIR);
    KEXPECT(fs_remove(FS_ROOT, "/") == -E_INVAL);
    KEXPECT(fs_remove(FS_ROOT, "/p/..") == -E_INVAL);
    KEXPECT(fs_remove(FS_ROOT, "/p") == -E_NOTEMPTY);
    KEXPECT(fs_create(FS_ROOT, "/p/f/g", INODE_FILE, &b) == -E_NOTDIR);
    KEXPECT(fs_remove(FS_ROOT, "/p/f") == 0 &&
            fs_remove(FS_ROOT, "/p/abcdefghijklmnopqrstuvwxyz0") == 0);
    KEXPECT(fs_remove(FS_ROOT, "/p") == 0 && fs_lookup(FS_ROOT, "/p", &b) == -E_NOENT);
    KEXPECT(fs_create(FS_ROOT, "/gone", INODE_DIRECTORY, &dir) == 0 && fs_hold(dir));
    KEXPECT(fs_remove(FS_ROOT, "/gone") == 0);
    KEXPECT(fs_create(dir, "x", INODE_FILE, &b) == -E_NOENT);
    fs_let_go(dir);
    settled();
}

KTEST(free_directory_slots_are_reused)
{
    if (!mounted())
        return;
    uint32_t dir, f;
    struct fs_status before, after;
    char name[8] = "n00";
    KEXPECT(fs_create(FS_ROOT, "/many", INODE_DIRECTORY, &dir) == 0);
    for (int k = 0; k < 40; k++) {
        name[1] = (char)('0' + k / 10), name[2] = (char)('0' + k % 10);
        KEXPECT(fs_create(dir, name, INODE_FILE, &f) == 0);
    }
    KEXPECT(fs_status(dir, &before) == 0 && before.size == 42 * 32);
    for (int k = 10; k < 15; k++) {
        name[1] = (char)('0' + k / 10), name[2] = (char)('0' + k % 10);
        KEXPECT(fs_remove(dir, name) == 0);
    }
    for (int k = 0; k < 5; k++) {
        name[1] = 'x', name[2] = (char)('0' + k);
        KEXPECT(fs_create(dir, name, INODE_FILE, &f) == 0);
    }
    KEXPECT(fs_status(dir, &after) == 0 && after.size == before.size);
    settled();
}

KTEST(an_open_file_outlives_its_name)
{
    if (!mounted())
        return;
    uint32_t file, before = free_blocks();
    struct fs_status s;
    fill(5000, 3);
    KEXPECT(fs_create(FS_ROOT, "/open", INODE_FILE, &file) == 0);
    KEXPECT(fs_write(file, 0, pattern, 5000) == 5000 && fs_hold(file));
    KEXPECT(fs_remove(FS_ROOT, "/open") == 0);
    KEXPECT(fs_status(file, &s) == 0 && s.links == 0 && s.size == 5000);
    KEXPECT(fs_read(file, 0, back, 5000) == 5000 && memcmp(back, pattern, 5000) == 0);
    KEXPECT(free_blocks() == before - 5);
    fs_let_go(file);
    KEXPECT(fs_status(file, &s) == -E_NOENT && free_blocks() == before);
    KEXPECT(fs_create(FS_ROOT, "/orphan", INODE_FILE, &file) == 0);
    KEXPECT(fs_write(file, 0, pattern, 5000) == 5000 && fs_hold(file));
    KEXPECT(fs_remove(FS_ROOT, "/orphan") == 0 && free_blocks() == before - 5);
    KEXPECT(fs_mount(block_device_named("vdc")) == NULL);
    KEXPECT(fs_status(file, &s) == -E_NOENT && free_blocks() == before);
    fs_let_go(file);
    settled();
}

KTEST(a_full_disk_says_so_and_loses_nothing)
{
    if (!mounted())
        return;
    uint32_t file, before = free_blocks();
    uint64_t written = 0;
    int64_t r;
    struct fs_status s;
    fill(64 * 1024, 4);
    KEXPECT(fs_create(FS_ROOT, "/full", INODE_FILE, &file) == 0);
    while ((r = fs_write(file, written, pattern, 64 * 1024)) == 64 * 1024)
        written += (uint64_t)r;
    written += r > 0 ? (uint64_t)r : 0;
    KEXPECT(fs_write(file, written, pattern, 64 * 1024) == -E_NOSPC);
    KEXPECT(fs_status(file, &s) == 0 && s.size == written);
    KEXPECT(free_blocks() < 16);
    KEXPECT(fs_read(file, written - 1000, back, 1000) == 1000);
    KEXPECT(fs_remove(FS_ROOT, "/full") == 0 && free_blocks() == before);
    settled();
}

static struct superblock test_superblock(struct block_device *d)
{
    struct superblock super;
    struct buffer *b = buffer_read(d, 0);
    memcpy(&super, b->data, sizeof super);
    buffer_release(b);
    return super;
}

static void swap_bytes(struct block_device *d, uint32_t block, uint32_t at,
                       void *bytes, uint32_t n)
{                                       /* exchange bytes with the cached block */
    uint8_t old[16];
    struct buffer *b = buffer_read(d, block);
    memcpy(old, b->data + at, n);
    memcpy(b->data + at, bytes, n);
    memcpy(bytes, old, n);
    buffer_release(b);
}

KTEST(a_damaged_inode_is_refused_not_followed)
{
    if (!mounted())
        return;
    uint32_t file;
    fill(100, 5);
    KEXPECT(fs_create(FS_ROOT, "/victim", INODE_FILE, &file) == 0);
    KEXPECT(fs_write(file, 0, pattern, 100) == 100);
    struct block_device *d = block_device_named("vdc");
    struct superblock super = test_superblock(d);
    uint32_t at = file % FS_INODES_PER_BLOCK * 64 + 8;        /* direct[0] */
    uint32_t where = super.inode_start + file / FS_INODES_PER_BLOCK;
    uint32_t number = super.log_start + 1;                  /* inside the log */
    swap_bytes(d, where, at, &number, 4);
    KEXPECT(fs_read(file, 0, back, 100) == -E_IO);
    KEXPECT(fs_remove(FS_ROOT, "/victim") == -E_IO);
    swap_bytes(d, where, at, &number, 4);
    KEXPECT(fs_read(file, 0, back, 100) == 100 && fs_remove(FS_ROOT, "/victim") == 0);
    settled();
}

KTEST(a_damaged_superblock_or_log_is_refused_at_mount)
{
    if (!mounted())
        return;
    uint32_t file;
    struct block_device *d = block_device_named("vdc");
    struct superblock super = test_superblock(d);
    uint32_t inode_start = 0xFFFF;
    uint64_t header[2] = {LOG_MAGIC | (uint64_t)1 << 32, 0};     /* home: block 0 */
    swap_bytes(d, 0, 20, &inode_start, 4);
    KEXPECT(fs_mount(d) != NULL && fs_lookup(FS_ROOT, "/", &file) == 0);
    swap_bytes(d, 0, 20, &inode_start, 4);
    KEXPECT(fs_mount(d) == NULL && fs_lookup(FS_ROOT, "/", &file) == 0);
    swap_bytes(d, super.log_start, 0, header, sizeof header);
    KEXPECT(fs_mount(d) != NULL);
    swap_bytes(d, super.log_start, 0, header, sizeof header);
    KEXPECT(fs_mount(d) == NULL);
    settled();
}

static uint64_t cycles_since(uint64_t start, uint64_t count)
{
    return (interrupts_time_stamp() - start) / count;
}

static uint64_t raw_cycles(struct block_device *d, bool writing)
{
    uint64_t start = interrupts_time_stamp();
    for (uint64_t b = 0; b < d->blocks; b++)
        KEXPECT(writing ? block_write(d, b, pattern) : block_read(d, b, back));
    return cycles_since(start, d->blocks);
}

static void small_files(uint32_t dir, uint64_t cycles[4])
{
    static uint32_t inodes[1000];
    char name[8];
    for (int step = 0; step < 4; step++) {
        uint64_t start = interrupts_time_stamp();
        for (int k = 0; k < 1000; k++) {
            ksnprintf(name, sizeof name, "f%d", k);
            if (step == 0)
                KEXPECT(fs_create(dir, name, INODE_FILE, &inodes[k]) == 0);
            else if (step == 1)
                KEXPECT(fs_write(inodes[k], 0, pattern, 100) == 100);
            else if (step == 2)
                KEXPECT(fs_read(inodes[k], 0, back, 100) == 100);
            else
                KEXPECT(fs_remove(dir, name) == 0);
        }
        cycles[step] = cycles_since(start, 1000);
    }
}

KTEST(measure_the_file_system)
{
    struct fs_usage u;
    struct block_device *raw = block_device_named("vda");
    uint32_t dir, big;
    uint64_t small[4], start, wrote, read;
    if (fs_usage(&u) != 0 || u.blocks < 16384 || raw == NULL) {
        kprintf("# measuring needs a file system of 16 MiB (make bench)\n");
        return;
    }
    uint64_t raw_write = raw_cycles(raw, true), raw_read = raw_cycles(raw, false);
    KEXPECT(fs_create(FS_ROOT, "/measure", INODE_DIRECTORY, &dir) == 0);
    small_files(dir, small);
    KEXPECT(fs_create(dir, "big", INODE_FILE, &big) == 0);
    start = interrupts_time_stamp();
    for (uint64_t at = 0; at < 8 << 20; at += 64 * 1024)
        KEXPECT(fs_write(big, at, pattern, 64 * 1024) == 64 * 1024);
    wrote = cycles_since(start, 8 * 1024);
    start = interrupts_time_stamp();
    for (uint64_t at = 0; at < 8 << 20; at += 64 * 1024)
        KEXPECT(fs_read(big, at, back, 64 * 1024) == 64 * 1024);
    read = cycles_since(start, 8 * 1024);
    kprintf("# file system cycles: raw block write %llu read %llu; small file "
            "create %llu write %llu read %llu remove %llu; "
            "per KiB of 8 MiB write %llu read %llu\n",
            (unsigned long long)raw_write, (unsigned long long)raw_read,
            (unsigned long long)small[0], (unsigned long long)small[1],
            (unsigned long long)small[2], (unsigned long long)small[3],
            (unsigned long long)wrote, (unsigned long long)read);
}
