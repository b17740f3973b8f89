/* Tangled from chapters/18-descriptors-and-pipes.nw. Edit the chapter, not this file. */
#ifndef PIPE_H
#define PIPE_H
#include <stdbool.h>
#include <stdint.h>

#define PIPE_SIZE 512

struct pipe {
    uint8_t data[PIPE_SIZE];
    uint64_t put, taken;            /* bytes ever written and ever read */
    uint32_t readers, writers;      /* open files for each end */
};

struct pipe *pipe_new(void);
int64_t pipe_read(struct pipe *p, uint64_t buffer, uint64_t length);
int64_t pipe_write(struct pipe *p, uint64_t buffer, uint64_t length);
void pipe_close(struct pipe *p, bool writer);
extern const char WAITING_PIPE[];
#endif
