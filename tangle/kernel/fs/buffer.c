/* Tangled from chapters/20-a-buffer-cache.nw (with 21-a-log.nw). Edit the chapter, not this file. */
#include "buffer.h"
#include "console.h"
#include "interrupts.h"
#include "scheduler.h"

static struct buffer buffers[BUFFERS];
static struct buffer list;              /* older: the newest; newer: the oldest */
static struct buffer_stats stats;
const char WAITING_BUFFER[] = "buffer";          /* for ps, while one waits */

static void take_out(struct buffer *b)
{
    b->newer->older = b->older;
    b->older->newer = b->newer;
}

static void put_newest(struct buffer *b)
{
    b->older = list.older;
    b->newer = &list;
    list.older->newer = b;
    list.older = b;
}

void buffer_init(void)
{
    list.older = list.newer = &list;
    for (int i = 0; i < BUFFERS; i++)
        put_newest(&buffers[i]);
    kprintf("buffers: %d of %d bytes, least recently used reused first\n",
            BUFFERS, BLOCK_SIZE);
}

static struct buffer *find(struct block_device *d, uint64_t block)
{                                                   /* with interrupts off */
    for (struct buffer *b = list.older; b != &list; b = b->older)
        if (b->device == d && b->block == block) {
            b->holders++;
            return b;
        }
    for (struct buffer *b = list.newer; b != &list; b = b->newer)
        if (b->holders == 0) {
            b->device = d;
            b->block = block;
            b->valid = false;
            b->holders = 1;
            return b;
        }
    return NULL;
}

struct buffer *buffer_read(struct block_device *d, uint64_t block)
{
    uint64_t saved = interrupts_save_and_disable();
    struct buffer *b = find(d, block);
    if (b == NULL) {
        stats.refused++;
        interrupts_restore(saved);
        return NULL;
    }
    current->kill_held++;                           /* until buffer_release */
    while (b->locked)
        process_wait_on(b, WAITING_BUFFER);
    b->locked = true;
    interrupts_restore(saved);
    if (b->valid) {
        stats.hits++;
        return b;
    }
    stats.misses++;
    if (!block_read(d, block, b->data)) {
        buffer_release(b);
        return NULL;
    }
    b->valid = true;
    return b;
}

bool buffer_write(struct buffer *b)                 /* locked by the caller */
{
    return block_write(b->device, b->block, b->data);
}

void buffer_release(struct buffer *b)
{
    uint64_t saved = interrupts_save_and_disable();
    b->locked = false;
    process_wake_waiters(b);
    current->kill_held--;
    if (--b->holders == 0) {
        take_out(b);
        put_newest(b);
    }
    interrupts_restore(saved);
}

struct buffer_stats buffer_stats(void)
{
    uint64_t saved = interrupts_save_and_disable();
    struct buffer_stats now = stats;
    now.held = 0;
    for (int i = 0; i < BUFFERS; i++)
        if (buffers[i].holders > 0)
            now.held++;
    interrupts_restore(saved);
    return now;
}

static void list_blocks(void)
{
    struct buffer_stats s = buffer_stats();
    kprintf("cache: %d buffers, %u held; %llu hits, %llu misses, %llu refused\n",
            BUFFERS, s.held, (unsigned long long)s.hits,
            (unsigned long long)s.misses, (unsigned long long)s.refused);
    kprintf("  newest first:");
    int shown = 0;
    for (struct buffer *b = list.older; b != &list && shown < 8; b = b->older)
        if (b->valid) {
            kprintf(" %s %llu", b->device->name, (unsigned long long)b->block);
            shown++;
        }
    kprintf(shown == 0 ? " nothing\n" : "\n");
}

void buffer_command(char *args)
{
    struct block_device *d;
    uint64_t block;
    if (*args == '\0') {
        list_blocks();
        return;
    }
    if (!block_named_in(args, &d, &block)) {
        kprintf("cache: cache NAME BLOCK reads a block through the cache\n");
        return;
    }
    uint64_t misses = stats.misses;
    struct buffer *b = buffer_read(d, block);
    if (b == NULL) {
        kprintf("cache: %s %llu could not be read\n", d->name, (unsigned long long)block);
        return;
    }
    const char *where = stats.misses == misses ? "was in memory: a hit"
                                               : "came from the disk: a miss";
    kprintf("cache: %s %llu %s\n", d->name, (unsigned long long)block, where);
    buffer_release(b);
}

void buffer_pin(struct buffer *b)
{
    uint64_t saved = interrupts_save_and_disable();
    b->holders++;
    interrupts_restore(saved);
}

void buffer_unpin(struct buffer *b)
{
    uint64_t saved = interrupts_save_and_disable();
    if (--b->holders == 0) {
        take_out(b);
        put_newest(b);
    }
    interrupts_restore(saved);
}
