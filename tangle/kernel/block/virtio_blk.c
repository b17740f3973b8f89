/* Tangled from chapters/19-a-disk.nw. Edit the chapter, not this file. */
#include "virtio_blk.h"
#include "block.h"
#include "console.h"
#include "interrupts.h"
#include "irq.h"
#include "lib.h"
#include "memory.h"
#include "scheduler.h"
#include "virtio.h"

#define VIRTIO_BLK_MAX 4
#define SECTOR_SIZE 512
#define BLK_READ_ONLY (1u << 5)         /* feature bit 5, VIRTIO_BLK_F_RO */
enum { REQUEST_IN = 0, REQUEST_OUT = 1 };

struct request {                        /* virtio 1.2, section 5.2.6 */
    uint32_t type, reserved;
    uint64_t sector;
    uint8_t status;
    uint8_t data[BLOCK_SIZE] __attribute__((aligned(16)));
};

struct virtio_disk {
    struct virtio_device virtio;
    struct block_device block;
    struct request *request;            /* a frame at its own address */
    bool busy;                          /* a process owns the request frame */
};

static struct virtio_disk disks[VIRTIO_BLK_MAX];
static uint32_t disk_count;
const char WAITING_DISK[] = "disk";

static void virtio_blk_interrupt(void)
{
    for (uint32_t i = 0; i < disk_count; i++)
        if (virtio_interrupt_status(&disks[i].virtio) & 1) {
            disks[i].block.interrupts++;
            process_wake_waiters(&disks[i]);
        }
}

static bool transfer(struct virtio_disk *d, uint64_t block, bool write)
{                                                   /* with interrupts off */
    struct request *r = d->request;
    r->type = write ? REQUEST_OUT : REQUEST_IN;
    r->reserved = 0;
    r->sector = block * (BLOCK_SIZE / SECTOR_SIZE);
    r->status = 0xFF;
    struct virtq_desc *desc = d->virtio.desc;
    uint64_t at = (uint64_t)(uintptr_t)r;
    uint16_t data_flags = write ? VIRTQ_NEXT : VIRTQ_NEXT | VIRTQ_DEVICE_WRITES;
    desc[0] = (struct virtq_desc){at, 16, VIRTQ_NEXT, 1};
    desc[1] = (struct virtq_desc){at + offsetof(struct request, data), BLOCK_SIZE,
                                  data_flags, 2};
    desc[2] = (struct virtq_desc){at + offsetof(struct request, status), 1,
                                  VIRTQ_DEVICE_WRITES, 0};
    virtio_submit(&d->virtio, 0);
    while (!virtio_take_used(&d->virtio))
        process_wait_on(d, WAITING_DISK);
    return r->status == 0;
}

static void take(struct virtio_disk *d)             /* with interrupts off */
{
    while (d->busy)
        process_wait_on(d, WAITING_DISK);
    d->busy = true;
}

static void give_back(struct virtio_disk *d)        /* with interrupts off */
{
    d->busy = false;
    process_wake_waiters(d);
}

static bool virtio_blk_read(struct block_device *b, uint64_t block, void *buffer)
{
    struct virtio_disk *d = b->driver;
    uint64_t saved = interrupts_save_and_disable();
    current->kill_held++;
    take(d);
    bool ok = transfer(d, block, false);
    if (ok)
        memcpy(buffer, d->request->data, BLOCK_SIZE);
    give_back(d);
    current->kill_held--;
    interrupts_restore(saved);
    return ok;
}

static bool virtio_blk_write(struct block_device *b, uint64_t block,
                             const void *buffer)
{
    struct virtio_disk *d = b->driver;
    uint64_t saved = interrupts_save_and_disable();
    current->kill_held++;
    take(d);
    memcpy(d->request->data, buffer, BLOCK_SIZE);
    bool ok = transfer(d, block, true);
    give_back(d);
    current->kill_held--;
    interrupts_restore(saved);
    return ok;
}

static const char *start_disk(struct virtio_disk *d, const struct pci_device *pci)
{
    const char *why = NULL;
    if (pci->irq_pin == 0 || pci->irq_line > 15)
        return "it has no interrupt line the kernel can use";
    uint64_t frame = kernel_frame_alloc();
    if (frame == 0)
        return "no memory for its requests";
    if (!virtio_start(&d->virtio, pci, &why)) {
        kernel_frame_free(frame);
        return why;
    }
    if (!irq_register(pci->irq_line, virtio_blk_interrupt)) {
        virtio_give_up(&d->virtio);
        kernel_frame_free(frame);
        return "its interrupt line belongs to another driver";
    }
    d->request = (struct request *)(uintptr_t)frame;
    uint64_t sectors = virtio_config_read64(&d->virtio, 0);
    d->block = (struct block_device){
        .name = {'v', 'd', (char)('a' + disk_count)},
        .blocks = sectors / (BLOCK_SIZE / SECTOR_SIZE),
        .read_only = (d->virtio.features & BLK_READ_ONLY) != 0,
        .read = virtio_blk_read, .write = virtio_blk_write, .driver = d,
    };
    return NULL;
}

void virtio_blk_init(void)
{
    for (uint32_t i = 0; i < pci_device_count; i++) {
        const struct pci_device *p = &pci_devices[i];
        if (p->vendor != VIRTIO_VENDOR || (p->device != 0x1001 && p->device != 0x1042))
            continue;
        if (disk_count == VIRTIO_BLK_MAX) {
            kprintf("virtio: more than %d disks; the rest are not used\n",
                    VIRTIO_BLK_MAX);
            return;
        }
        struct virtio_disk *d = &disks[disk_count];
        const char *why = start_disk(d, p);
        if (why != NULL) {
            kprintf("virtio: the disk at %02x:%02x.%u is not used: %s\n",
                    p->bus, p->slot, p->function, why);
            continue;
        }
        disk_count++;
        block_register(&d->block);
    }
}
