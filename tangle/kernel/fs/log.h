/* Tangled from chapters/21-a-log.nw. Edit the chapter, not this file. */
#ifndef LOG_H
#define LOG_H
#include <stdbool.h>
#include <stdint.h>
#include "block.h"
#include "buffer.h"

#define LOG_MAX 30                      /* blocks one transaction may change */
#define LOG_MAGIC 0x3147474Cu           /* "LGG1" in the disk's bytes */

struct log_header {                     /* the first bytes of the header block */
    uint32_t magic;
    uint32_t count;                     /* copies to install; 0: none */
    uint64_t homes[LOG_MAX];            /* where copy i belongs */
};

struct log {
    struct block_device *device;
    uint64_t start;                     /* the header; copy i at start + 1 + i */
    uint32_t size;                      /* room for copies, at most LOG_MAX */
    bool open;                          /* a transaction is open */
    bool failed;                        /* a commit failed: no more until log_open */
    uint32_t count;                     /* blocks it has changed so far */
    struct buffer *changed[LOG_MAX];
    uint64_t commits, installed;        /* installed: copies recovery put home */
    uint8_t header[BLOCK_SIZE];         /* the header block, as written last */
};

const char *log_open(struct log *l, struct block_device *d, uint64_t start,
                     uint32_t size);
void log_begin(struct log *l);
bool log_write(struct log *l, struct buffer *b);
bool log_commit(struct log *l);
void log_abort(struct log *l);
#endif
