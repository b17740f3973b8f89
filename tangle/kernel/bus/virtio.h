/* Tangled from chapters/19-a-disk.nw. Edit the chapter, not this file. */
#ifndef VIRTIO_H
#define VIRTIO_H
#include <stdbool.h>
#include <stdint.h>
#include "pci.h"

#define VIRTIO_VENDOR 0x1AF4
#define VIRTQ_SIZE 16
#define VIRTQ_NEXT 1                    /* the chain goes on at desc.next */
#define VIRTQ_DEVICE_WRITES 2           /* the device writes this buffer */

struct virtq_desc {
    uint64_t address;                   /* physical */
    uint32_t length;
    uint16_t flags, next;
};

struct virtq_avail {
    uint16_t flags, index;
    uint16_t ring[VIRTQ_SIZE];
};

struct virtq_used {
    uint16_t flags, index;
    struct {
        uint32_t first, length;         /* a finished chain, bytes written */
    } ring[VIRTQ_SIZE];
};

struct virtio_device {
    const struct pci_device *pci;
    volatile struct virtio_common *common;
    volatile uint8_t *isr;
    volatile uint8_t *config;           /* the device kind's own registers */
    volatile uint16_t *doorbell;        /* queue 0's notification register */
    struct virtq_desc *desc;
    struct virtq_avail *avail;
    volatile struct virtq_used *used;
    uint16_t queue_size, used_seen;
    uint32_t features;                  /* the device's feature bits 0-31 */
};

bool virtio_start(struct virtio_device *v, const struct pci_device *pci,
                  const char **why);
void virtio_give_up(struct virtio_device *v);
void virtio_submit(struct virtio_device *v, uint16_t first);
bool virtio_take_used(struct virtio_device *v);
uint8_t virtio_interrupt_status(const struct virtio_device *v);
uint64_t virtio_config_read64(const struct virtio_device *v, uint32_t offset);
#endif
