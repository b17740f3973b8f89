/* Tangled from chapters/18-descriptors-and-pipes.nw. Edit the chapter, not this file. */
#include "file.h"
#include "console.h"
#include "pipe.h"
#include "scheduler.h"
#include "syscall.h"
#include "user_memory.h"

static int64_t sys_read_from(struct syscall_frame *frame)
{
    struct file *f = descriptor_file(current, (int64_t)frame->rdi);
    if (f == NULL)
        return -E_BADF;
    return file_read(f, frame->rsi, frame->rdx);
}

static int64_t sys_write_to(struct syscall_frame *frame)
{
    struct file *f = descriptor_file(current, (int64_t)frame->rdi);
    if (f == NULL)
        return -E_BADF;
    return file_write(f, frame->rsi, frame->rdx);
}

static int64_t sys_close(struct syscall_frame *frame)
{
    int64_t fd = (int64_t)frame->rdi;
    struct file *f = descriptor_file(current, fd);
    if (f == NULL)
        return -E_BADF;
    current->files[fd] = NULL;
    file_let_go(f);
    return 0;
}

static int64_t sys_dup(struct syscall_frame *frame)
{
    struct file *f = descriptor_file(current, (int64_t)frame->rdi);
    if (f == NULL)
        return -E_BADF;
    int64_t fd = descriptor_free(current, 0);
    if (fd >= 0) {
        current->files[fd] = f;
        file_hold(f);
    }
    return fd;
}

static int64_t sys_dup2(struct syscall_frame *frame)
{
    int64_t from = (int64_t)frame->rdi, to = (int64_t)frame->rsi;
    struct file *f = descriptor_file(current, from);
    if (f == NULL || to < 0 || to >= FD_MAX)
        return -E_BADF;
    if (from == to)
        return to;
    if (current->files[to] != NULL)
        file_let_go(current->files[to]);
    current->files[to] = f;
    file_hold(f);
    return to;
}

static int64_t sys_pipe(struct syscall_frame *frame)
{
    uint64_t ends = frame->rdi;
    if (!user_range_ok(ends, 2 * sizeof(int64_t), true))
        return -E_FAULT;
    int64_t reading = descriptor_free(current, 0);
    int64_t writing = reading >= 0 ? descriptor_free(current, reading + 1) : reading;
    if (writing < 0)
        return writing;
    struct pipe *p = pipe_new();
    struct file *r = p != NULL ? file_new(FILE_PIPE_READER, p) : NULL;
    struct file *w = r != NULL ? file_new(FILE_PIPE_WRITER, p) : NULL;
    if (w == NULL) {
        if (r != NULL)
            file_let_go(r);             /* its pipe's reading end closes with it */
        else if (p != NULL)
            pipe_close(p, false);
        if (p != NULL)
            pipe_close(p, true);        /* both ends closed: the pipe is freed */
        return -E_NOMEM;
    }
    current->files[reading] = r;
    current->files[writing] = w;
    int64_t numbers[2] = {reading, writing};
    copy_to_user(ends, numbers, sizeof numbers);
    return 0;
}

int64_t spawn_with_files(uint64_t name, uint64_t arguments, uint64_t list,
                         uint64_t count)
{
    int64_t chosen[FD_MAX];
    struct file *table[FD_MAX] = {0};
    if (count > FD_MAX)
        return -E_INVAL;
    if (count > 0 && !copy_from_user(chosen, list, count * sizeof(int64_t)))
        return -E_FAULT;
    for (uint64_t i = 0; i < count; i++) {
        if (chosen[i] == -1)
            continue;
        table[i] = descriptor_file(current, chosen[i]);
        if (table[i] == NULL)
            return -E_BADF;
    }
    current->child_files = table;
    int64_t pid = process_spawn_named(name, arguments);
    current->child_files = NULL;
    return pid;
}

static int64_t sys_spawn_with(struct syscall_frame *frame)
{
    return spawn_with_files(frame->rdi, frame->rsi, frame->rdx, frame->r10);
}

void file_syscalls_init(void)
{
    files_init();
    syscall_register(SYS_READ_FROM, sys_read_from);
    syscall_register(SYS_WRITE_TO, sys_write_to);
    syscall_register(SYS_CLOSE, sys_close);
    syscall_register(SYS_DUP, sys_dup);
    syscall_register(SYS_DUP2, sys_dup2);
    syscall_register(SYS_PIPE, sys_pipe);
    syscall_register(SYS_SPAWN_WITH, sys_spawn_with);
    kprintf("files: %d descriptors a process, pipes of %d bytes\n", FD_MAX, PIPE_SIZE);
}
