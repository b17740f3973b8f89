/* Tangled from chapters/19-a-disk.nw (with 20-a-buffer-cache.nw). Edit the chapter, not this file. */
#include "ktest.h"
#include "block.h"
#include "io.h"
#include "lib.h"
#include "pci.h"

static bool on_qemu(void)
{
    char signature[4];
    __asm__ volatile("outw %0, %1" : : "a"((uint16_t)0), "Nd"((uint16_t)0x510));
    for (int i = 0; i < 4; i++)
        signature[i] = (char)inb(0x511);
    return memcmp(signature, "QEMU", 4) == 0;
}

static struct block_device *test_disk(const char *name)
{
    struct block_device *d = block_device_named(name);
    KEXPECT(on_qemu() ? d != NULL : d == NULL);
    return d;
}

static uint8_t data[BLOCK_SIZE], again[BLOCK_SIZE];

static bool starts_with_its_number(uint64_t block)
{
    char text[48] = "block ";
    size_t n = 6, digits = 0;
    char reversed[20];
    do {
        reversed[digits++] = (char)('0' + block % 10);
        block /= 10;
    } while (block != 0);
    while (digits > 0)
        text[n++] = reversed[--digits];
    memcpy(text + n, " of a test disk", 16);
    return memcmp(data, text, n + 16) == 0;
}

KTEST(pci_finds_both_test_disks)
{
    int found = 0;
    for (uint32_t i = 0; i < pci_device_count; i++)
        if (pci_devices[i].vendor == 0x1AF4 && pci_devices[i].class_code == 1)
            found++;
    KEXPECT(on_qemu() ? found >= 2 : found == 0);
    struct block_device *a = test_disk("vda"), *b = test_disk("vdb");
    KEXPECT(a == NULL || (a->blocks == 1024 && !a->read_only));
    KEXPECT(b == NULL || (b->blocks == 64 && b->read_only));
}

KTEST(blocks_hold_what_the_host_wrote_there)
{
    struct block_device *d = test_disk("vda");
    if (d == NULL)
        return;
    const uint64_t blocks[] = {0, 1, 517, 1023};
    for (int i = 0; i < 4; i++) {
        memset(data, 0xAA, sizeof data);
        KEXPECT(block_read(d, blocks[i], data));
        KEXPECT(starts_with_its_number(blocks[i]));
        KEXPECT(data[BLOCK_SIZE - 1] == 0 && data[100] == 0);
    }
    struct block_device *ro = test_disk("vdb");
    KEXPECT(ro != NULL && block_read(ro, 63, data) && starts_with_its_number(63));
}

KTEST(a_written_block_reads_back_and_its_neighbours_keep_theirs)
{
    struct block_device *d = test_disk("vda");
    if (d == NULL)
        return;
    for (int i = 0; i < BLOCK_SIZE; i++)
        data[i] = (uint8_t)(i * 7 + 3);
    KEXPECT(block_write(d, 700, data));
    memset(again, 0, sizeof again);
    KEXPECT(block_read(d, 700, again));
    KEXPECT(memcmp(data, again, BLOCK_SIZE) == 0);
    KEXPECT(block_read(d, 699, data) && starts_with_its_number(699));
    KEXPECT(block_read(d, 701, data) && starts_with_its_number(701));
}

KTEST(each_request_ends_with_an_interrupt)
{
    struct block_device *d = test_disk("vda");
    if (d == NULL)
        return;
    uint64_t reads = d->reads, interrupts = d->interrupts;
    for (int i = 0; i < 20; i++)
        KEXPECT(block_read(d, (uint64_t)i, data));
    KEXPECT(d->reads == reads + 20);
    KEXPECT(d->interrupts > interrupts && d->interrupts <= interrupts + 20);
}

KTEST(the_block_layer_refuses_past_the_end_and_read_only)
{
    struct block_device *d = test_disk("vda");
    if (d == NULL)
        return;
    struct block_device *ro = test_disk("vdb");
    if (ro == NULL)
        return;
    uint64_t failures = d->failures + ro->failures;
    KEXPECT(!block_read(d, 1024, data));
    KEXPECT(!block_write(d, 1024, data));
    KEXPECT(!block_read(d, UINT64_MAX, data));
    KEXPECT(!block_write(ro, 3, data));
    KEXPECT(d->failures + ro->failures == failures + 4);
    KEXPECT(block_read(ro, 3, data) && starts_with_its_number(3));
}

#include "buffer.h"

KTEST(a_block_read_twice_comes_from_the_disk_once)
{
    struct block_device *d = test_disk("vda");
    if (d == NULL)
        return;
    uint64_t reads = d->reads;
    struct buffer_stats before = buffer_stats();
    struct buffer *b = buffer_read(d, 517);
    KEXPECT(b != NULL && b->locked && b->valid && b->block == 517);
    memcpy(data, b->data, BLOCK_SIZE);
    KEXPECT(starts_with_its_number(517));
    buffer_release(b);
    struct buffer *again = buffer_read(d, 517);
    KEXPECT(again == b);
    buffer_release(again);
    struct buffer_stats after = buffer_stats();
    KEXPECT(d->reads == reads + 1);
    KEXPECT(after.misses == before.misses + 1 && after.hits == before.hits + 1);
    KEXPECT(after.held == before.held);
}

static bool read_and_release(struct block_device *d, uint64_t block)
{
    struct buffer *b = buffer_read(d, block);
    if (b != NULL)
        buffer_release(b);
    return b != NULL;
}

KTEST(the_least_recently_released_buffer_is_reused_first)
{
    struct block_device *d = test_disk("vda");
    if (d == NULL)
        return;
    for (uint64_t i = 0; i < BUFFERS; i++)
        KEXPECT(read_and_release(d, 100 + i));
    KEXPECT(read_and_release(d, 200));              /* takes block 100's buffer */
    uint64_t reads = d->reads;
    KEXPECT(read_and_release(d, 101));
    KEXPECT(d->reads == reads);                     /* a hit */
    KEXPECT(read_and_release(d, 100));
    KEXPECT(d->reads == reads + 1);                 /* a miss */
}

KTEST(a_full_cache_refuses_and_counts)
{
    struct block_device *d = test_disk("vda");
    if (d == NULL)
        return;
    struct buffer *held[BUFFERS];
    for (int i = 0; i < BUFFERS; i++)
        KEXPECT((held[i] = buffer_read(d, 300 + (uint64_t)i)) != NULL);
    struct buffer_stats before = buffer_stats();
    KEXPECT(before.held == BUFFERS);
    KEXPECT(buffer_read(d, 400) == NULL);
    KEXPECT(buffer_stats().refused == before.refused + 1);
    for (int i = 0; i < BUFFERS; i++)
        if (held[i] != NULL)
            buffer_release(held[i]);
    KEXPECT(buffer_stats().held == 0);
    KEXPECT(read_and_release(d, 400));
}

KTEST(a_write_through_the_cache_reaches_the_disk)
{
    struct block_device *d = test_disk("vda");
    if (d == NULL)
        return;
    struct buffer *b = buffer_read(d, 800);
    KEXPECT(b != NULL);
    if (b == NULL)
        return;
    memcpy(b->data, "written through", 16);
    KEXPECT(buffer_write(b));
    buffer_release(b);
    KEXPECT(block_read(d, 800, again) && memcmp(again, "written through", 16) == 0);
}

KTEST(a_failed_read_leaves_no_buffer_behind)
{
    struct block_device *d = test_disk("vda"), *ro = test_disk("vdb");
    if (d == NULL || ro == NULL)
        return;
    uint64_t misses = buffer_stats().misses;
    KEXPECT(buffer_read(d, 5000) == NULL && buffer_read(d, 5000) == NULL);
    KEXPECT(buffer_stats().misses == misses + 2 && buffer_stats().held == 0);
    struct buffer *a = buffer_read(d, 3);
    struct buffer *b = buffer_read(ro, 3);
    KEXPECT(a != NULL && b != NULL && a != b && b->device == ro);
    if (a != NULL)
        buffer_release(a);
    if (b != NULL)
        buffer_release(b);
}
