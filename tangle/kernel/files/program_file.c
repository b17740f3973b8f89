/* Tangled from chapters/24-a-shell-of-its-own.nw. Edit the chapter, not this file. */
#include "program_file.h"
#include "file_system_calls.h"
#include "fs.h"
#include "heap.h"
#include "lib.h"
#include "process.h"
#include "ramdisk.h"
#include "scheduler.h"

#define PROGRAM_FILE_MAX (256 * 1024)   /* larger files are not programs */

struct program_file {
    struct user_program program;        /* name, start, end, load */
    char name[PROCESS_NAME_MAX];        /* the path's last name */
    uint8_t bytes[];                    /* the whole file */
};

static const struct user_program *(*earlier_programs)(const char *name);
static void (*earlier_starting)(struct process *child, const struct process *parent);
static void (*earlier_ending)(struct process *p);

static const char *last_name(const char *path)
{
    const char *name = path;
    for (const char *c = path; *c != '\0'; c++)
        if (*c == '/' && c[1] != '\0')
            name = c + 1;
    return name;
}

static struct program_file *program_read(uint32_t inode, const char *path)
{
    struct fs_status s;
    if (fs_status(inode, &s) != 0 || s.type != INODE_FILE || s.size > PROGRAM_FILE_MAX)
        return NULL;
    struct program_file *f = kmalloc(sizeof *f + s.size);
    if (f == NULL)
        return NULL;
    if (fs_read(inode, 0, f->bytes, s.size) != (int64_t)s.size) {
        kfree(f);
        return NULL;
    }
    size_t n = strlen(last_name(path));
    n = n < PROCESS_NAME_MAX - 1 ? n : PROCESS_NAME_MAX - 1;
    memcpy(f->name, last_name(path), n);
    f->name[n] = '\0';
    f->program = (struct user_program){f->name, f->bytes, f->bytes + s.size, load_elf};
    return f;
}

static const struct user_program *program_named(const char *name)
{
    char path[PATH_MAX] = "/bin/";
    uint32_t inode;
    bool is_path = false;
    for (const char *c = name; *c != '\0'; c++)
        is_path |= *c == '/';
    if (strlen(name) + sizeof "/bin/" > PATH_MAX)
        return earlier_programs(name);
    memcpy(is_path ? path : path + 5, name, strlen(name) + 1);
    kfree(current->program_pending);
    current->program_pending = NULL;
    if (fs_lookup(directory_of(current), path, &inode) != 0)
        return earlier_programs(name);
    if (!fs_hold(inode))
        return NULL;
    current->program_pending = program_read(inode, path);
    fs_let_go(inode);
    return current->program_pending != NULL ? &current->program_pending->program : NULL;
}

static void starting(struct process *child, const struct process *parent)
{
    earlier_starting(child, parent);
    struct program_file *f = current->program_pending;
    if (f != NULL && child->run.program == &f->program) {
        child->program_file = f;
        current->program_pending = NULL;
    }
}

static void ending(struct process *p)
{
    earlier_ending(p);
    kfree(p->program_file);
    kfree(p->program_pending);
    p->program_file = p->program_pending = NULL;
}

void program_file_init(void)
{
    earlier_programs = user_programs_first;
    user_programs_first = program_named;
    earlier_starting = process_starting;
    earlier_ending = process_ending;
    process_starting = starting;
    process_ending = ending;
}
