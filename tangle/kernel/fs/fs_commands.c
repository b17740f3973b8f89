/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#include "fs_commands.h"
#include "console.h"
#include "format.h"
#include "fs.h"
#include "lib.h"
#include "syscalls.h"

static const char *problem(int64_t r)
{
    switch (-r) {
    case E_NOENT: return "no such file or directory";
    case E_EXIST: return "it exists already";
    case E_NOTDIR: return "a name on the path is not a directory";
    case E_ISDIR: return "it is a directory";
    case E_NOSPC: return "no room left";
    case E_NAMETOOLONG: return "a name longer than 27 characters";
    case E_NOTEMPTY: return "the directory is not empty";
    case E_INVAL: return "not a name that can be created or removed";
    default: return "the disk failed or is damaged";
    }
}

static void list_one(const char *name, uint32_t inode)
{
    struct fs_status s;
    if (fs_status(inode, &s) == 0)
        kprintf("%-28s %s %8u  inode %u\n", name,
                s.type == INODE_DIRECTORY ? "dir " : "file", s.size, inode);
}

static void command_ls(char *args)
{
    const char *path = *args != '\0' ? args : "/";
    uint32_t inode;
    struct fs_status s;
    struct directory_entry e;
    uint64_t offset = 0;
    int r = fs_lookup(FS_ROOT, path, &inode);
    if (r == 0)
        r = fs_status(inode, &s);
    if (r == 0 && s.type != INODE_DIRECTORY)
        list_one(path, inode);
    else
        while (r == 0 && (r = fs_list(inode, &offset, &e)) == 1) {
            list_one(e.name, e.inode);
            r = 0;
        }
    if (r < 0)
        kprintf("ls: %s: %s\n", path, problem(r));
}

static void command_cat(char *args)
{
    static char piece[257];
    uint32_t inode;
    uint64_t at = 0;
    struct fs_status s;
    int64_t r = fs_lookup(FS_ROOT, args, &inode);
    if (r == 0)
        r = fs_status(inode, &s);
    if (r == 0 && s.type == INODE_DIRECTORY)
        r = -E_ISDIR;
    while (r == 0 && (r = fs_read(inode, at, piece, sizeof piece - 1)) > 0) {
        piece[r] = '\0';
        kprintf("%s", piece);
        at += (uint64_t)r;
        r = 0;
    }
    if (r < 0)
        kprintf("cat: %s: %s\n", args, problem(r));
}

static void command_mkdir(char *args)
{
    uint32_t inode;
    int r = fs_create(FS_ROOT, args, INODE_DIRECTORY, &inode);
    if (r < 0)
        kprintf("mkdir: %s: %s\n", args, problem(r));
}

static void command_rm(char *args)
{
    int r = fs_remove(FS_ROOT, args);
    if (r < 0)
        kprintf("rm: %s: %s\n", args, problem(r));
}

static void command_write(char *args)
{
    char *text = args;
    while (*text != '\0' && *text != ' ')
        text++;
    if (*text == ' ')
        *text++ = '\0';
    size_t n = strlen(text);
    text[n] = '\n';                             /* over the string's zero */
    uint32_t inode;
    int64_t r = fs_create(FS_ROOT, args, INODE_FILE, &inode);
    if (r == -E_EXIST)
        r = fs_truncate(inode);
    if (r == 0)
        r = fs_write(inode, 0, text, n + 1);
    text[n] = '\0';
    if (r < 0)
        kprintf("write: %s: %s\n", args, problem(r));
}

static void command_df(char *args)
{
    (void)args;
    struct fs_usage u;
    if (fs_usage(&u) < 0)
        kprintf("df: no file system is mounted\n");
    else
        kprintf("%s: %u of %u blocks free (%u KiB), %u of %u inodes free\n", u.device,
                u.free_blocks, u.blocks, u.free_blocks * BLOCK_SIZE / 1024,
                u.free_inodes, u.inodes);
}

static const struct {
    const char *name;
    void (*run)(char *args);
} commands[] = {
    {"ls", command_ls}, {"cat", command_cat}, {"mkdir", command_mkdir},
    {"rm", command_rm}, {"write", command_write}, {"df", command_df},
};

void fs_command(char *args)
{
    char *rest = args;
    while (*rest != '\0' && *rest != ' ')
        rest++;
    size_t n = (size_t)(rest - args);
    while (*rest == ' ')
        rest++;
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
        if (strlen(commands[k].name) == n && memcmp(commands[k].name, args, n) == 0) {
            commands[k].run(rest);
            return;
        }
    kprintf("fs: fs ls|cat|mkdir|rm|write|df, then a path (write: and a text)\n");
}
