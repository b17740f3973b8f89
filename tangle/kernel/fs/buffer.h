/* Tangled from chapters/20-a-buffer-cache.nw (with 21-a-log.nw). Edit the chapter, not this file. */
#ifndef BUFFER_H
#define BUFFER_H
#include <stdbool.h>
#include <stdint.h>
#include "block.h"

#define BUFFERS 32

struct buffer {
    struct block_device *device;        /* with block: which block it holds */
    uint64_t block;
    bool valid;                         /* data holds the block's contents */
    bool locked;                        /* one holder is using the data */
    uint32_t holders;                   /* those who have it and have not let go */
    struct buffer *older, *newer;       /* the list, by last release */
    uint8_t data[BLOCK_SIZE];
};

struct buffer_stats {
    uint64_t hits, misses, refused;     /* refused: every buffer was held */
    uint32_t held;                      /* buffers with holders now */
};

void buffer_init(void);
struct buffer *buffer_read(struct block_device *d, uint64_t block);
bool buffer_write(struct buffer *b);
void buffer_release(struct buffer *b);
struct buffer_stats buffer_stats(void);
void buffer_command(char *args);
void buffer_pin(struct buffer *b);
void buffer_unpin(struct buffer *b);
#endif
