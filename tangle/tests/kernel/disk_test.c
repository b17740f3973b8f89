/* Tangled from chapters/19-a-disk.nw. Edit the chapter, not this file. */
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
    KEXPECT(found == (on_qemu() ? 2 : 0));
    struct block_device *a = test_disk("vda"), *b = test_disk("vdb");
    KEXPECT(a == NULL || (a->blocks == 1024 && !a->read_only));
    KEXPECT(b == NULL || (b->blocks == 64 && b->read_only));
    KEXPECT(block_device_named("vdc") == NULL);
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
