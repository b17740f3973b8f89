/* Tangled from chapters/18-descriptors-and-pipes.nw. Edit the chapter, not this file. */
#include "file.h"
#include "console.h"
#include "heap.h"
#include "pipe.h"
#include "scheduler.h"
#include "syscalls.h"
#include "user_memory.h"

static struct file console = {.kind = FILE_CONSOLE};
uint64_t files_open;

static int64_t output_to_descriptor_1(uint64_t buffer, uint64_t length);
static int64_t input_from_descriptor_0(uint64_t buffer, uint64_t length);

void files_init(void)
{
    for (int fd = 0; fd < 3; fd++) {
        processes[0].files[fd] = &console;
        file_hold(&console);
    }
    user_output = output_to_descriptor_1;
    user_input = input_from_descriptor_0;
    process_starting = descriptors_inherit;
    process_ending = descriptors_close_all;
}

struct file *file_new(enum file_kind kind, struct pipe *pipe)
{
    struct file *f = kmalloc(sizeof *f);
    if (f == NULL)
        return NULL;
    *f = (struct file){.kind = kind, .holders = 1, .pipe = pipe};
    files_open++;
    return f;
}

void file_hold(struct file *f)
{
    f->holders++;
}

void file_let_go(struct file *f)
{
    if (--f->holders > 0 || f == &console)
        return;
    if (f->kind == FILE_OTHER)
        f->operations->close(f);
    else
        pipe_close(f->pipe, f->kind == FILE_PIPE_WRITER);
    kfree(f);
    files_open--;
}

int64_t file_read(struct file *f, uint64_t buffer, uint64_t length)
{
    if (!user_range_ok(buffer, length, true))
        return -E_FAULT;
    if (f->kind == FILE_CONSOLE)
        return keyboard_read_to_user(buffer, length);
    if (f->kind == FILE_PIPE_READER)
        return pipe_read(f->pipe, buffer, length);
    if (f->kind == FILE_OTHER)
        return f->operations->read(f, buffer, length);
    return -E_BADF;
}

int64_t file_write(struct file *f, uint64_t buffer, uint64_t length)
{
    if (!user_range_ok(buffer, length, false))
        return -E_FAULT;
    if (f->kind == FILE_CONSOLE)
        return console_write_from_user(buffer, length);
    if (f->kind == FILE_PIPE_WRITER)
        return pipe_write(f->pipe, buffer, length);
    if (f->kind == FILE_OTHER)
        return f->operations->write(f, buffer, length);
    return -E_BADF;
}

struct file *descriptor_file(const struct process *p, int64_t fd)
{
    if (fd < 0 || fd >= FD_MAX)
        return NULL;
    return p->files[fd];
}

int64_t descriptor_free(const struct process *p, int64_t from)
{
    for (int64_t fd = from; fd < FD_MAX; fd++)
        if (p->files[fd] == NULL)
            return fd;
    return -E_NOFILE;
}

void descriptors_inherit(struct process *child, const struct process *parent)
{
    for (int fd = 0; fd < FD_MAX; fd++) {
        struct file *f = NULL;
        if (parent->child_files != NULL)
            f = parent->child_files[fd];
        else if (fd < 3)
            f = parent->files[fd];
        child->files[fd] = f;
        if (f != NULL)
            file_hold(f);
    }
}

void descriptors_close_all(struct process *p)
{
    for (int fd = 0; fd < FD_MAX; fd++)
        if (p->files[fd] != NULL) {
            file_let_go(p->files[fd]);
            p->files[fd] = NULL;
        }
}

static int64_t output_to_descriptor_1(uint64_t buffer, uint64_t length)
{
    struct file *f = descriptor_file(current, 1);
    return f != NULL ? file_write(f, buffer, length) : -E_BADF;
}

static int64_t input_from_descriptor_0(uint64_t buffer, uint64_t length)
{
    struct file *f = descriptor_file(current, 0);
    return f != NULL ? file_read(f, buffer, length) : -E_BADF;
}

static char descriptor_letter(const struct file *f)
{
    if (f == NULL)
        return '.';
    if (f->kind == FILE_OTHER)
        return 'o';
    return f->kind == FILE_CONSOLE ? 'c' : f->kind == FILE_PIPE_READER ? 'r' : 'w';
}

void files_report(char *args)
{
    (void)args;
    kprintf("files: %llu open besides the console\n", (unsigned long long)files_open);
    for (int i = 0; i < PROCESS_MAX; i++) {
        const struct process *p = &processes[i];
        if (p->state == PROCESS_FREE || p->state == PROCESS_ZOMBIE)
            continue;
        char letters[FD_MAX + 1] = {0};
        for (int fd = 0; fd < FD_MAX; fd++)
            letters[fd] = descriptor_letter(p->files[fd]);
        kprintf("  %3llu %-15s %s\n", (unsigned long long)p->pid, p->name, letters);
    }
}
