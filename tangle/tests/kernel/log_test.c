/* Tangled from chapters/21-a-log.nw. Edit the chapter, not this file. */
#include "ktest.h"
#include "block.h"
#include "buffer.h"
#include "console.h"
#include "lib.h"
#include "log.h"

#define CUT_BLOCKS 80
#define CUT_LOG 0                       /* the header; copies in 1-30 */
#define CUT_HOMES 40                    /* the transactions' blocks, 40 onwards */

static uint8_t image[CUT_BLOCKS][BLOCK_SIZE], before[CUT_BLOCKS][BLOCK_SIZE];
static uint32_t writes_left;            /* the power goes after this many more */

static bool image_read(struct block_device *d, uint64_t block, void *buffer)
{
    (void)d;
    memcpy(buffer, image[block], BLOCK_SIZE);
    return true;
}

static bool image_write(struct block_device *d, uint64_t block, const void *buffer)
{
    (void)d;
    if (writes_left == 0)
        return true;                    /* lost with the power, and nobody knows */
    writes_left--;
    memcpy(image[block], buffer, BLOCK_SIZE);
    return true;
}

static struct block_device boots[256];
static uint32_t boots_used;

static struct block_device *power_on(void)
{
    struct block_device *d = &boots[boots_used++ % 256];
    *d = (struct block_device){.name = "cut", .blocks = CUT_BLOCKS,
                               .read = image_read, .write = image_write};
    writes_left = UINT32_MAX;
    return d;
}

static void fresh_image(void)
{
    memset(image, 0, sizeof image);
    for (int b = CUT_HOMES; b < CUT_BLOCKS; b++)
        memcpy(image[b], "old", 4);
}

static bool change(struct log *log, uint64_t block, const char *text)
{
    struct buffer *b = buffer_read(log->device, block);
    if (b == NULL)
        return false;
    memcpy(b->data, text, strlen(text) + 1);
    bool logged = log_write(log, b);
    buffer_release(b);
    return logged;
}

static void write_all(struct log *log, uint32_t n, const char *text)
{
    log_begin(log);
    for (uint32_t i = 0; i < n; i++)
        change(log, CUT_HOMES + i, text);
    log_commit(log);
}

static bool cut_after(uint32_t n, uint32_t cut)
{
    struct log log;
    fresh_image();
    if (log_open(&log, power_on(), CUT_LOG, LOG_MAX) != NULL)
        return false;
    write_all(&log, n, "one");
    writes_left = cut;
    write_all(&log, n, "two");
    if (log_open(&log, power_on(), CUT_LOG, LOG_MAX) != NULL)
        return false;
    uint32_t ones = 0, twos = 0, old = 0;
    for (uint32_t b = CUT_HOMES; b < CUT_BLOCKS; b++) {
        ones += b < CUT_HOMES + n && memcmp(image[b], "one", 4) == 0;
        twos += b < CUT_HOMES + n && memcmp(image[b], "two", 4) == 0;
        old += b >= CUT_HOMES + n && memcmp(image[b], "old", 4) == 0;
    }
    const struct log_header *h = (const struct log_header *)image[CUT_LOG];
    return (cut >= n + 1 ? twos : ones) == n && old == CUT_BLOCKS - CUT_HOMES - n &&
           h->count == 0;
}

KTEST(a_power_cut_after_any_write_leaves_all_of_a_transaction_or_none)
{
    static const uint32_t sizes[] = {1, 2, 5, LOG_MAX};
    uint32_t moments = 0, failed = 0;
    for (int s = 0; s < 4; s++)
        for (uint32_t cut = 0; cut <= 2 * sizes[s] + 2; cut++, moments++)
            if (!cut_after(sizes[s], cut)) {
                kprintf("# cut after write %u of a %u-block commit\n", cut, sizes[s]);
                failed++;
            }
    KEXPECT(moments == 88);
    KEXPECT(failed == 0);
}

KTEST(a_changed_block_stays_in_the_cache_until_its_commit)
{
    struct log log;
    fresh_image();
    struct block_device *d = power_on();
    KEXPECT(log_open(&log, d, CUT_LOG, LOG_MAX) == NULL);
    log_begin(&log);
    KEXPECT(change(&log, CUT_HOMES, "kept"));
    for (uint64_t b = CUT_HOMES + 1; b < CUT_BLOCKS; b++) {
        struct buffer *other = buffer_read(d, b);
        KEXPECT(other != NULL);
        if (other != NULL)
            buffer_release(other);
    }
    KEXPECT(log_commit(&log));
    KEXPECT(memcmp(image[CUT_HOMES], "kept", 5) == 0);
}

static bool refuse_writes(struct block_device *d, uint64_t block, const void *buffer)
{
    (void)d, (void)block, (void)buffer;
    return false;
}

KTEST(a_failed_commit_or_an_abort_leaves_the_old_blocks)
{
    struct log log;
    fresh_image();
    struct block_device *d = power_on();
    KEXPECT(log_open(&log, d, CUT_LOG, LOG_MAX) == NULL);
    d->write = refuse_writes;
    log_begin(&log);
    KEXPECT(change(&log, CUT_HOMES, "lost"));
    KEXPECT(!log_commit(&log) && log.failed);
    d->write = image_write;
    log_begin(&log);
    KEXPECT(change(&log, CUT_HOMES + 1, "held"));
    KEXPECT(!log_commit(&log));                     /* refused until reopened */
    log_begin(&log);
    KEXPECT(change(&log, CUT_HOMES + 2, "gone"));
    log_abort(&log);
    memcpy(before, image, sizeof image);
    for (uint64_t b = CUT_HOMES; b < CUT_HOMES + 3; b++) {
        struct buffer *again = buffer_read(d, b);
        KEXPECT(again != NULL && memcmp(again->data, "old", 4) == 0);
        if (again != NULL)
            buffer_release(again);
    }
    KEXPECT(memcmp(before, image, sizeof image) == 0 && image[CUT_HOMES][0] == 'o');
    KEXPECT(log_open(&log, d, CUT_LOG, LOG_MAX) == NULL && !log.failed);
}

static bool says(const char *why, const char *words)
{
    size_t n = strlen(words);
    for (; why != NULL && *why != '\0'; why++)
        if (memcmp(why, words, n) == 0)
            return true;
    return false;
}

KTEST(a_log_that_makes_no_sense_is_refused_and_nothing_is_written)
{
    static const struct { uint32_t magic, count; uint64_t home; const char *why; }
    wrong[] = {
        {0x12345678, 0, 0, "does not hold a log"},
        {LOG_MAGIC, LOG_MAX + 1, 40, "more copies"},
        {LOG_MAGIC, 1, CUT_BLOCKS, "past the end"},
        {LOG_MAGIC, 1, 5, "inside the log"},
    };
    for (int i = 0; i < 4; i++) {
        fresh_image();
        struct log_header *h = (struct log_header *)image[CUT_LOG];
        h->magic = wrong[i].magic;
        h->count = wrong[i].count;
        h->homes[0] = wrong[i].home;
        memcpy(before, image, sizeof image);
        struct log log;
        KEXPECT(says(log_open(&log, power_on(), CUT_LOG, LOG_MAX), wrong[i].why));
        KEXPECT(memcmp(before, image, sizeof image) == 0);
    }
}

KTEST(the_log_refuses_what_it_cannot_hold)
{
    struct log log, other;
    fresh_image();
    struct block_device *d = power_on(), *elsewhere = power_on();
    KEXPECT(says(log_open(&log, d, 75, 10), "does not fit"));
    KEXPECT(log_open(&log, d, CUT_LOG, 4) == NULL);
    KEXPECT(log_open(&other, elsewhere, CUT_LOG, 4) == NULL);
    log_begin(&log);
    const struct { struct block_device *device; uint64_t block; bool taken; } tries[] = {
        {elsewhere, CUT_HOMES, false}, {d, CUT_LOG + 2, false},
        {d, CUT_HOMES, true}, {d, CUT_HOMES + 1, true}, {d, CUT_HOMES + 2, true},
        {d, CUT_HOMES + 3, true}, {d, CUT_HOMES + 4, false},
    };
    for (int i = 0; i < 7; i++) {
        struct buffer *b = buffer_read(tries[i].device, tries[i].block);
        KEXPECT(b != NULL);
        if (b == NULL)
            continue;
        KEXPECT(log_write(&log, b) == tries[i].taken);
        buffer_release(b);
    }
    KEXPECT(log_commit(&log) && log.commits == 1);
}
