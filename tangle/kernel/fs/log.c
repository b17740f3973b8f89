/* Tangled from chapters/21-a-log.nw. Edit the chapter, not this file. */
#include "log.h"
#include "console.h"
#include "interrupts.h"
#include "lib.h"
#include "scheduler.h"

const char WAITING_LOG[] = "log";

static bool write_header(struct log *l, uint32_t count)
{
    struct log_header *h = (struct log_header *)l->header;
    memset(l->header, 0, BLOCK_SIZE);
    h->magic = LOG_MAGIC;
    h->count = count;
    for (uint32_t i = 0; i < count; i++)
        h->homes[i] = l->changed[i]->block;
    return block_write(l->device, l->start, l->header);
}

static const char *check_header(const struct log *l, const struct log_header *h)
{
    if (h->magic == 0 && h->count == 0)
        return NULL;                            /* a new, empty region */
    if (h->magic != LOG_MAGIC)
        return "the log region does not hold a log";
    if (h->count > l->size)
        return "the log's header counts more copies than the log has room for";
    for (uint32_t i = 0; i < h->count; i++) {
        uint64_t home = h->homes[i];
        if (home >= l->device->blocks)
            return "the log names a block past the end of the disk";
        if (home >= l->start && home <= l->start + l->size)
            return "the log names a block inside the log itself";
    }
    return NULL;
}

static const char *recover(struct log *l, const struct log_header *h)
{
    static uint8_t copy[BLOCK_SIZE];
    for (uint32_t i = 0; i < h->count; i++) {
        if (!block_read(l->device, l->start + 1 + i, copy) ||
            !block_write(l->device, h->homes[i], copy))
            return "a block of the log could not be copied home";
        l->installed++;
    }
    l->count = 0;
    return write_header(l, 0) ? NULL : "the log's header could not be written";
}

const char *log_open(struct log *l, struct block_device *d, uint64_t start,
                     uint32_t size)
{
    *l = (struct log){.device = d, .start = start,
                      .size = size < LOG_MAX ? size : LOG_MAX};
    if (size == 0 || start >= d->blocks || d->blocks - start <= l->size)
        return "the log region does not fit on the disk";
    if (!block_read(d, start, l->header))
        return "the log's header could not be read";
    struct log_header h;
    memcpy(&h, l->header, sizeof h);
    const char *why = check_header(l, &h);
    return why != NULL ? why : recover(l, &h);
}

void log_begin(struct log *l)
{
    uint64_t saved = interrupts_save_and_disable();
    while (l->open)
        process_wait_on(l, WAITING_LOG);
    l->open = true;
    current->kill_held++;
    interrupts_restore(saved);
}

bool log_write(struct log *l, struct buffer *b)     /* b locked by the caller */
{
    for (uint32_t i = 0; i < l->count; i++)
        if (l->changed[i] == b)
            return true;                            /* already in this one */
    if (l->count == l->size || b->device != l->device ||
        (b->block >= l->start && b->block <= l->start + l->size))
        return false;
    buffer_pin(b);
    l->changed[l->count++] = b;
    return true;
}

static bool write_copies(struct log *l)
{
    for (uint32_t i = 0; i < l->count; i++)
        if (!block_write(l->device, l->start + 1 + i, l->changed[i]->data))
            return false;
    return true;
}

static bool install(struct log *l)
{
    for (uint32_t i = 0; i < l->count; i++)
        if (!block_write(l->device, l->changed[i]->block, l->changed[i]->data))
            return false;
    return true;
}

static void close_transaction(struct log *l, bool on_disk)
{
    for (uint32_t i = 0; i < l->count; i++) {
        if (!on_disk)
            l->changed[i]->valid = false;           /* the disk's copy wins */
        buffer_unpin(l->changed[i]);
    }
    l->count = 0;
    uint64_t saved = interrupts_save_and_disable();
    l->open = false;
    process_wake_waiters(l);
    current->kill_held--;
    interrupts_restore(saved);
}

bool log_commit(struct log *l)
{
    bool committed = !l->failed &&
                     (l->count == 0 || (write_copies(l) && write_header(l, l->count)));
    bool done = committed && (l->count == 0 || (install(l) && write_header(l, 0)));
    if (!done)
        l->failed = true;                           /* until log_open recovers */
    else
        l->commits++;
    close_transaction(l, committed);
    return committed;
}

void log_abort(struct log *l)
{
    close_transaction(l, false);
}
