/* Tangled from chapters/23-files-for-programs.nw. Edit the chapter, not this file. */
#include "file_system_calls.h"
#include "disk_file.h"
#include "fs.h"
#include "lib.h"
#include "process.h"
#include "scheduler.h"
#include "syscall.h"
#include "syscalls.h"
#include "user_memory.h"

_Static_assert(STATUS_FILE == INODE_FILE && STATUS_DIRECTORY == INODE_DIRECTORY,
               "the ABI's types are the file system's");

static void (*descriptors_starting)(struct process *child, const struct process *parent);
static void (*descriptors_ending)(struct process *p);

static void starting(struct process *child, const struct process *parent)
{
    descriptors_starting(child, parent);
    child->directory = 0;                   /* the root, unless held below */
    if (parent->directory != 0 && fs_hold(parent->directory))
        child->directory = parent->directory;
}

static void ending(struct process *p)
{
    descriptors_ending(p);
    if (p->directory != 0)
        fs_let_go(p->directory);
    p->directory = 0;
}

uint32_t directory_of(const struct process *p)
{
    return p->directory != 0 ? p->directory : FS_ROOT;
}

static bool path_from_user(char path[PATH_MAX], uint64_t from)
{
    for (size_t i = 0; i < PATH_MAX; i++) {
        if (!copy_from_user(&path[i], from + i, 1))
            return false;
        if (path[i] == '\0')
            return true;
    }
    return false;
}

static int64_t sys_open(struct syscall_frame *frame)
{
    char path[PATH_MAX];
    struct file *f;
    if (!path_from_user(path, frame->rdi))
        return -E_FAULT;
    int64_t fd = descriptor_free(current, 0);
    int64_t r = fd < 0 ? fd : disk_file_open(directory_of(current), path, frame->rsi, &f);
    if (r < 0)
        return r;
    current->files[fd] = f;
    return fd;
}

static int64_t sys_mkdir(struct syscall_frame *frame)
{
    char path[PATH_MAX];
    uint32_t inode;
    if (!path_from_user(path, frame->rdi))
        return -E_FAULT;
    return fs_create(directory_of(current), path, INODE_DIRECTORY, &inode);
}

static int64_t sys_remove(struct syscall_frame *frame)
{
    char path[PATH_MAX];
    if (!path_from_user(path, frame->rdi))
        return -E_FAULT;
    return fs_remove(directory_of(current), path);
}

static int64_t sys_chdir(struct syscall_frame *frame)
{
    char path[PATH_MAX];
    uint32_t inode;
    struct fs_status s;
    if (!path_from_user(path, frame->rdi))
        return -E_FAULT;
    int r = fs_lookup(directory_of(current), path, &inode);
    if (r == 0)
        r = fs_status(inode, &s);
    if (r == 0 && s.type != INODE_DIRECTORY)
        r = -E_NOTDIR;
    if (r == 0 && inode != FS_ROOT && !fs_hold(inode))
        r = -E_NOFILE;
    if (r < 0)
        return r;
    if (current->directory != 0)
        fs_let_go(current->directory);
    current->directory = inode == FS_ROOT ? 0 : inode;
    return 0;
}

static int64_t sys_status(struct syscall_frame *frame)
{
    struct disk_file *d = disk_file_of(descriptor_file(current, (int64_t)frame->rdi));
    struct fs_status s;
    if (!user_range_ok(frame->rsi, sizeof(struct file_status), true))
        return -E_FAULT;
    if (d == NULL)
        return -E_BADF;
    int r = fs_status(d->inode, &s);
    struct file_status out = {.inode = d->inode, .size = s.size, .type = s.type,
                              .links = s.links};
    if (r == 0 && !copy_to_user(frame->rsi, &out, sizeof out))
        r = -E_FAULT;
    return r;
}

static int64_t sys_list(struct syscall_frame *frame)
{
    struct disk_file *d = disk_file_of(descriptor_file(current, (int64_t)frame->rdi));
    struct directory_entry e;
    if (!user_range_ok(frame->rsi, sizeof(struct name), true))
        return -E_FAULT;
    if (d == NULL || !d->directory)
        return d == NULL ? -E_BADF : -E_NOTDIR;
    int r = fs_list(d->inode, &d->offset, &e);
    struct name out = {.inode = e.inode};
    struct fs_status s = {0};
    if (r == 1 && fs_status(e.inode, &s) == 0)
        out.type = s.type;
    if (r == 1)
        memcpy(out.text, e.name, sizeof e.name);
    if (r == 1 && !copy_to_user(frame->rsi, &out, sizeof out))
        r = -E_FAULT;
    return r;
}

void file_system_calls_init(void)
{
    descriptors_starting = process_starting;
    descriptors_ending = process_ending;
    process_starting = starting;
    process_ending = ending;
    syscall_register(SYS_OPEN, sys_open);
    syscall_register(SYS_MKDIR, sys_mkdir);
    syscall_register(SYS_REMOVE, sys_remove);
    syscall_register(SYS_CHDIR, sys_chdir);
    syscall_register(SYS_STATUS, sys_status);
    syscall_register(SYS_LIST, sys_list);
}
