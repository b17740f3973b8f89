/* Tangled from chapters/18-descriptors-and-pipes.nw. Edit the chapter, not this file. */
#ifndef FILE_H
#define FILE_H
#include <stdint.h>
#include "process.h"

enum file_kind { FILE_CONSOLE, FILE_PIPE_READER, FILE_PIPE_WRITER, FILE_OTHER };

struct file;
struct file_operations {            /* a FILE_OTHER's own functions */
    int64_t (*read)(struct file *f, uint64_t buffer, uint64_t length);
    int64_t (*write)(struct file *f, uint64_t buffer, uint64_t length);
    void (*close)(struct file *f);
};

struct file {
    enum file_kind kind;
    uint32_t holders;               /* descriptors, in any process, naming it */
    struct pipe *pipe;              /* a pipe's end: its pipe */
    const struct file_operations *operations;   /* FILE_OTHER: its functions */
    void *object;                   /* FILE_OTHER: what they work on */
};

void files_init(void);
struct file *file_new(enum file_kind kind, struct pipe *pipe);
void file_hold(struct file *f);
void file_let_go(struct file *f);
int64_t file_read(struct file *f, uint64_t buffer, uint64_t length);
int64_t file_write(struct file *f, uint64_t buffer, uint64_t length);
struct file *descriptor_file(const struct process *p, int64_t fd);
int64_t descriptor_free(const struct process *p, int64_t from);
void descriptors_inherit(struct process *child, const struct process *parent);
void descriptors_close_all(struct process *p);
void files_report(char *args);
extern uint64_t files_open;         /* open files other than the console */
#endif
