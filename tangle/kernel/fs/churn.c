/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#include "churn.h"
#include "console.h"
#include "format.h"
#include "fs.h"
#include "syscalls.h"

#define CHURN_KEPT 10                   /* files that stay; older ones go */
#define CHURN_LONGEST 20000

static uint8_t data[CHURN_LONGEST];

static uint32_t length_of(uint64_t k) { return (uint32_t)(k * 1237 % CHURN_LONGEST + 1); }
static uint8_t byte_of(uint64_t k, uint32_t j) { return (uint8_t)((k * 7 + j) % 251); }

static int64_t check_file(uint32_t dir, uint64_t k)
{                                       /* bytes that are right; -1: a wrong one */
    char name[24];
    uint32_t inode;
    struct fs_status s;
    ksnprintf(name, sizeof name, "%llu", (unsigned long long)k);
    if (fs_lookup(dir, name, &inode) < 0 || fs_status(inode, &s) < 0 ||
        s.size > length_of(k) || fs_read(inode, 0, data, s.size) != s.size)
        return -1;
    for (uint32_t j = 0; j < s.size; j++)
        if (data[j] != byte_of(k, j))
            return -1;
    return s.size;
}

static int scan(uint32_t dir, uint64_t *newest, uint32_t *files)
{
    uint64_t offset = 0;
    struct directory_entry e;
    int r;
    *newest = *files = 0;
    while ((r = fs_list(dir, &offset, &e)) == 1) {
        if (e.name[0] == '.')
            continue;
        uint64_t k = 0;
        for (const char *c = e.name; *c != '\0'; c++) {
            if (*c < '0' || *c > '9' || k > UINT64_MAX / 100)
                return -1;
            k = k * 10 + (uint64_t)(*c - '0');
        }
        (*files)++;
        *newest = k > *newest ? k : *newest;
    }
    return r;
}

static int64_t newest_whole(uint32_t dir)
{
    uint64_t newest;
    uint32_t files, expected = 0;
    if (scan(dir, &newest, &files) < 0)
        return -1;
    int64_t got = newest > 0 ? check_file(dir, newest) : 0;
    if (got < 0)
        return -1;
    bool whole = newest == 0 || got == length_of(newest);
    for (uint64_t k = newest; k >= 1 && k + CHURN_KEPT >= newest; k--) {
        int64_t here = k == newest ? got : check_file(dir, k);
        bool may_be_gone = k + CHURN_KEPT == newest && whole;
        if (here >= 0 && k != newest && here != length_of(k))
            return -1;
        if (here < 0 && !may_be_gone)
            return -1;
        expected += here >= 0;
    }
    if (files != expected)
        return -1;
    bool removed = newest <= CHURN_KEPT || check_file(dir, newest - CHURN_KEPT) < 0;
    return whole && removed ? (int64_t)newest : (int64_t)newest - 1;
}

static int64_t round_of(uint32_t dir, uint64_t k)
{
    char name[24];
    uint32_t inode;
    ksnprintf(name, sizeof name, "%llu", (unsigned long long)k);
    for (uint32_t j = 0; j < length_of(k); j++)
        data[j] = byte_of(k, j);
    int64_t r = fs_create(dir, name, INODE_FILE, &inode);
    if (r == -E_EXIST)
        r = fs_truncate(inode);
    if (r == 0)
        r = fs_write(inode, 0, data, length_of(k));
    if (r >= 0 && r != length_of(k))
        r = -E_NOSPC;
    if (r >= 0 && k > CHURN_KEPT) {
        ksnprintf(name, sizeof name, "%llu", (unsigned long long)(k - CHURN_KEPT));
        r = fs_remove(dir, name);
    }
    return r == -E_NOENT ? 0 : r;
}

void churn_command(char *args)
{
    uint64_t count = 0;
    for (; *args >= '0' && *args <= '9' && count < 100000000; args++)
        count = count * 10 + (uint64_t)(*args - '0');
    uint32_t dir;
    int64_t r = fs_create(FS_ROOT, "/churn", INODE_DIRECTORY, &dir);
    if (r < 0 && r != -E_EXIST) {
        kprintf("churn: /churn cannot be made (%lld)\n", (long long)r);
        return;
    }
    int64_t whole = newest_whole(dir);
    if (whole < 0) {
        kprintf("churn: /churn breaks its promises\n");
        return;
    }
    kprintf("churn: newest whole file %lld\n", (long long)whole);
    for (uint64_t k = (uint64_t)whole + 1; k <= (uint64_t)whole + count; k++) {
        if ((r = round_of(dir, k)) < 0) {
            kprintf("churn: round %llu failed (%lld)\n", (unsigned long long)k,
                    (long long)r);
            return;
        }
        kprintf("churn %llu\n", (unsigned long long)k);
    }
}
