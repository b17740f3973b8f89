/* Tangled from chapters/21-a-log.nw. Edit the chapter, not this file. */
#include "../../kernel/fs/log.c"
#include <stdlib.h>

#define FUZZ_BLOCKS 64
#define FUZZ_LOG 1

static struct process only;
struct process *current = &only;
uint64_t interrupts_off_since, interrupts_off_longest;
void process_wait_on(const void *what, const char *reason)
{
    (void)what, (void)reason;
    abort();
}

void process_wake_waiters(const void *what)
{
    (void)what;
    abort();
}

void buffer_pin(struct buffer *b) { (void)b; abort(); }
void buffer_unpin(struct buffer *b) { (void)b; abort(); }

static uint8_t disk[FUZZ_BLOCKS][BLOCK_SIZE];
static bool written[FUZZ_BLOCKS];

bool block_read(struct block_device *d, uint64_t block, void *buffer)
{
    if (block >= d->blocks)
        abort();
    memcpy(buffer, disk[block], BLOCK_SIZE);
    return true;
}

bool block_write(struct block_device *d, uint64_t block, const void *buffer)
{
    if (block >= d->blocks)
        abort();
    written[block] = true;
    memcpy(disk[block], buffer, BLOCK_SIZE);
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    memset(disk, 0, sizeof disk);
    memset(written, 0, sizeof written);
    size_t room = sizeof disk - FUZZ_LOG * BLOCK_SIZE;
    memcpy(disk[FUZZ_LOG], data, size < room ? size : room);
    struct block_device d = {.name = "fuzz", .blocks = FUZZ_BLOCKS};
    struct log l;
    const char *why = log_open(&l, &d, FUZZ_LOG, LOG_MAX);
    const struct log_header *h = (const struct log_header *)disk[FUZZ_LOG];
    for (uint64_t b = 0; b < FUZZ_BLOCKS; b++) {
        bool copy = b > FUZZ_LOG && b <= FUZZ_LOG + LOG_MAX;
        if (written[b] && (why != NULL || copy))
            abort();                    /* refused, yet written; or a copy changed */
    }
    if (why == NULL && (h->magic != LOG_MAGIC || h->count != 0))
        abort();                        /* accepted, yet not left empty */
    return 0;
}
