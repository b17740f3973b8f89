/* Tangled from chapters/21-a-log.nw. Edit the chapter, not this file. */
#include "log_commands.h"
#include "console.h"
#include "format.h"
#include "lib.h"
#include "log.h"

#define TRIAL_LOG_START 1
#define TRIAL_FIRST_BLOCK 100
#define TRIAL_BLOCKS 4

static struct log trial_log;

static bool write_trial(uint64_t number)
{
    log_begin(&trial_log);
    bool ok = true;
    for (uint64_t i = 0; i < TRIAL_BLOCKS && ok; i++) {
        struct buffer *b = buffer_read(trial_log.device, TRIAL_FIRST_BLOCK + i);
        ok = b != NULL;
        if (b != NULL) {
            memset(b->data, 0, BLOCK_SIZE);
            ksnprintf((char *)b->data, 64, "transaction %llu",
                      (unsigned long long)number);
            ok = log_write(&trial_log, b);
            buffer_release(b);
        }
    }
    if (!ok)
        log_abort(&trial_log);                      /* all four, or none */
    return ok && log_commit(&trial_log);
}

static bool open_trial_log(struct block_device *d)
{
    if (d->blocks < TRIAL_FIRST_BLOCK + TRIAL_BLOCKS) {
        kprintf("log: %s is too small for the trial's blocks\n", d->name);
        return false;
    }
    const char *why = log_open(&trial_log, d, TRIAL_LOG_START, LOG_MAX);
    if (why != NULL) {
        kprintf("log: %s: %s\n", d->name, why);
        return false;
    }
    if (trial_log.installed > 0)
        kprintf("log: %s: recovered a committed transaction, %llu blocks copied home\n",
                d->name, (unsigned long long)trial_log.installed);
    return true;
}

void log_transactions_command(char *args)
{
    struct block_device *d;
    uint64_t count;
    if (!block_named_in(args, &d, &count) || count > 1000000) {
        kprintf("transactions: transactions NAME COUNT, at most a million\n");
        return;
    }
    if (!open_trial_log(d))
        return;
    for (uint64_t n = 1; n <= count; n++) {
        if (!write_trial(n)) {
            kprintf("transaction %llu failed\n", (unsigned long long)n);
            return;
        }
        kprintf("committed %llu\n", (unsigned long long)n);
    }
}

void log_check_command(char *args)
{
    struct block_device *d = block_device_named(args);
    if (d == NULL) {
        kprintf("log: log NAME: which disk? (disk lists them)\n");
        return;
    }
    if (!open_trial_log(d))
        return;
    static uint8_t first[BLOCK_SIZE], other[BLOCK_SIZE];
    for (uint64_t i = 0; i < TRIAL_BLOCKS; i++) {
        if (!block_read(d, TRIAL_FIRST_BLOCK + i, i == 0 ? first : other)) {
            kprintf("log: %s: block %llu cannot be read\n", d->name,
                    (unsigned long long)(TRIAL_FIRST_BLOCK + i));
            return;
        }
        if (i > 0 && memcmp(first, other, BLOCK_SIZE) != 0) {
            kprintf("log: %s: blocks %d-%d disagree: half a transaction\n", d->name,
                    TRIAL_FIRST_BLOCK, TRIAL_FIRST_BLOCK + TRIAL_BLOCKS - 1);
            return;
        }
    }
    first[63] = '\0';
    kprintf("log: %s: blocks %d-%d all hold %s\n", d->name, TRIAL_FIRST_BLOCK,
            TRIAL_FIRST_BLOCK + TRIAL_BLOCKS - 1,
            first[0] != '\0' ? (char *)first : "nothing yet");
}
