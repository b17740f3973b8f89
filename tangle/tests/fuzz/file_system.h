/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#include "../../host/kernel_on_host.h"

#define FUZZ_BLOCKS 128

static uint8_t image[FUZZ_BLOCKS * BLOCK_SIZE], clean[FUZZ_BLOCKS * BLOCK_SIZE];
static uint8_t bytes[24 * 1024];
static struct block_device disk;

static void settled(void)
{
    if (host_process.kill_held != 0 || buffer_stats().held != 0 || busy)
        abort();                        /* an error path that forgot to let go */
}

static void make_clean_image(void)
{
    static bool made;
    uint32_t dir, a, b;
    if (made)
        return;
    memset(bytes, 'x', sizeof bytes);
    disk = memory_disk(clean, FUZZ_BLOCKS);
    if (make_file_system(&disk, clean, FUZZ_BLOCKS) != NULL ||
        fs_create(FS_ROOT, "/d", INODE_DIRECTORY, &dir) < 0 ||
        fs_create(dir, "a", INODE_FILE, &a) < 0 || fs_write(a, 0, bytes, 100) != 100 ||
        fs_create(FS_ROOT, "/b", INODE_FILE, &b) < 0 ||
        fs_write(b, 0, bytes, 20 * 1024) != 20 * 1024)
        abort();
    made = true;
}

static void damage(uint64_t block, const uint8_t *data, size_t size)
{
    for (size_t k = 0; k < size && k < BLOCK_SIZE; k++)
        image[block * BLOCK_SIZE + k] ^= data[k];
}

static inline struct disk_inode clean_inode(uint32_t n)
{
    struct superblock s;
    struct disk_inode i;
    memcpy(&s, clean, sizeof s);
    memcpy(&i, clean + (s.inode_start + n / FS_INODES_PER_BLOCK) * BLOCK_SIZE +
               n % FS_INODES_PER_BLOCK * sizeof i, sizeof i);
    return i;
}

static void walk(uint32_t dir, int depth)
{
    struct directory_entry e;
    struct fs_status s;
    uint64_t offset = 0;
    while (depth < 4 && fs_list(dir, &offset, &e) == 1) {
        settled();
        if (e.name[0] == '.' || fs_status(e.inode, &s) < 0)
            continue;
        if (s.type == INODE_DIRECTORY)
            walk(e.inode, depth + 1);
        else
            fs_read(e.inode, 0, bytes, sizeof bytes);
    }
    settled();
}

static void exercise(bool pristine)
{
    uint32_t n, d;
    disk = memory_disk(image, FUZZ_BLOCKS);
    host_reset();
    bool ok = fs_mount(&disk) == NULL;
    settled();
    if (!ok && pristine)
        abort();
    if (!ok)
        return;
    walk(FS_ROOT, 0);
    ok = fs_create(FS_ROOT, "/new", INODE_FILE, &n) == 0 &&
         fs_write(n, 0, bytes, 13000) == 13000 && fs_read(n, 0, bytes, 13000) == 13000 &&
         fs_truncate(n) == 0 && fs_remove(FS_ROOT, "/new") == 0;
    settled();
    ok = fs_create(FS_ROOT, "/d/e", INODE_DIRECTORY, &d) == 0 &&
         fs_remove(FS_ROOT, "/d/e") == 0 && fs_remove(FS_ROOT, "/d/a") == 0 &&
         fs_remove(FS_ROOT, "/d") == 0 && fs_remove(FS_ROOT, "/b") == 0 && ok;
    settled();
    if (pristine && !ok)
        abort();
}

static bool zeros(const uint8_t *data, size_t size)
{
    for (size_t k = 0; k < size; k++)
        if (data[k] != 0)
            return false;
    return true;
}
