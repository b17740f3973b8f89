/* Tangled from chapters/19-a-disk.nw. Edit the chapter, not this file. */
#include "virtio.h"
#include "device_memory.h"
#include "lib.h"
#include "memory.h"
#include "paging.h"
#include <stddef.h>

struct virtio_common {                  /* virtio 1.2, section 4.1.4.3 */
    uint32_t device_feature_select, device_feature;
    uint32_t driver_feature_select, driver_feature;
    uint16_t msix_config, num_queues;
    uint8_t device_status, config_generation;
    uint16_t queue_select, queue_size, queue_msix_vector, queue_enable;
    uint16_t queue_notify_off;
    uint32_t queue_desc[2], queue_driver[2], queue_device[2];   /* low, high */
};
_Static_assert(offsetof(struct virtio_common, queue_desc) == 0x20, "4.1.4.3");

enum { CAP_COMMON = 1, CAP_NOTIFY = 2, CAP_ISR = 3, CAP_DEVICE = 4 };
#define PCI_CAP_VENDOR 0x09

static volatile uint8_t *structure_at(const struct pci_device *pci, uint8_t cap,
                                      uint32_t *length)
{
    uint64_t base = pci_bar_address(pci, pci_read8(pci, (uint8_t)(cap + 4)));
    uint32_t offset = pci_read32(pci, (uint8_t)(cap + 8));
    *length = pci_read32(pci, (uint8_t)(cap + 12));
    if (pci_read8(pci, (uint8_t)(cap + 2)) < 16 || base == 0 || *length == 0 ||
        !device_memory_map(base + offset, *length, MEMORY_UNCACHEABLE))
        return NULL;
    return (volatile uint8_t *)(uintptr_t)(base + offset);
}

struct structures {
    volatile uint8_t *at[CAP_DEVICE + 1];
    uint32_t length[CAP_DEVICE + 1];
    uint32_t multiplier;                /* the notification capability's */
};

static bool find_structures(const struct pci_device *pci, struct structures *s)
{
    static const uint32_t least[CAP_DEVICE + 1] = {0, sizeof(struct virtio_common),
                                                   2, 1, 8};
    uint8_t cap = pci_capability(pci, PCI_CAP_VENDOR, 0);
    for (int steps = 0; cap != 0 && steps < 48; steps++) {
        uint8_t kind = pci_read8(pci, (uint8_t)(cap + 3));
        if (kind >= CAP_COMMON && kind <= CAP_DEVICE && s->at[kind] == NULL)
            s->at[kind] = structure_at(pci, cap, &s->length[kind]);
        if (kind == CAP_NOTIFY && pci_read8(pci, (uint8_t)(cap + 2)) >= 20)
            s->multiplier = pci_read32(pci, (uint8_t)(cap + 16));
        cap = pci_capability(pci, PCI_CAP_VENDOR, cap);
    }
    for (int kind = CAP_COMMON; kind <= CAP_DEVICE; kind++)
        if (s->at[kind] == NULL || s->length[kind] < least[kind])
            return false;
    return true;
}

enum {
    STATUS_ACKNOWLEDGE = 1, STATUS_DRIVER = 2, STATUS_DRIVER_OK = 4,
    STATUS_FEATURES_OK = 8, STATUS_FAILED = 128,
};
#define VERSION_1 1u                    /* feature bit 32: bit 0 of word 1 */

static bool agree_on_features(struct virtio_device *v, const char **why)
{
    volatile struct virtio_common *c = v->common;
    c->device_status = 0;                           /* reset */
    for (int i = 0; c->device_status != 0; i++)
        if (i == 1000000) {
            *why = "the device does not finish its reset";
            return false;
        }
    c->device_status = STATUS_ACKNOWLEDGE;
    c->device_status = STATUS_ACKNOWLEDGE | STATUS_DRIVER;
    c->device_feature_select = 1;
    if ((c->device_feature & VERSION_1) == 0) {
        *why = "the device has no virtio 1.0 interface";
        return false;
    }
    c->device_feature_select = 0;
    v->features = c->device_feature;
    c->driver_feature_select = 0;
    c->driver_feature = 0;
    c->driver_feature_select = 1;
    c->driver_feature = VERSION_1;
    c->device_status = STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK;
    if ((c->device_status & STATUS_FEATURES_OK) == 0) {
        *why = "the device refused the features";
        return false;
    }
    return true;
}

static void set_address(volatile uint32_t *halves, uint64_t address)
{
    halves[0] = (uint32_t)address;
    halves[1] = (uint32_t)(address >> 32);
}

static bool start_queue(struct virtio_device *v, const struct structures *s,
                        const char **why)
{
    volatile struct virtio_common *c = v->common;
    c->queue_select = 0;
    uint16_t size = c->queue_size < VIRTQ_SIZE ? c->queue_size : VIRTQ_SIZE;
    uint64_t doorbell = (uint64_t)c->queue_notify_off * s->multiplier;
    if (size < 4 || doorbell + 2 > s->length[CAP_NOTIFY]) {
        *why = "queue 0 is too small, or its doorbell is outside its registers";
        return false;
    }
    uint64_t frame = kernel_frame_alloc();
    if (frame == 0) {
        *why = "no memory for the queue";
        return false;
    }
    memset((void *)(uintptr_t)frame, 0, PAGE_SIZE);
    v->queue_size = size;
    v->desc = (struct virtq_desc *)(uintptr_t)frame;
    v->avail = (struct virtq_avail *)(uintptr_t)(frame + 256);
    v->used = (volatile struct virtq_used *)(uintptr_t)(frame + 512);
    c->queue_size = size;
    set_address(c->queue_desc, frame);
    set_address(c->queue_driver, frame + 256);
    set_address(c->queue_device, frame + 512);
    v->doorbell = (volatile uint16_t *)(s->at[CAP_NOTIFY] + doorbell);
    c->queue_enable = 1;
    return true;
}

void virtio_give_up(struct virtio_device *v)
{
    if (v->common != NULL)
        v->common->device_status = STATUS_FAILED;
    pci_command(v->pci, 0, PCI_COMMAND_BUS_MASTER);
}

bool virtio_start(struct virtio_device *v, const struct pci_device *pci,
                  const char **why)
{
    *v = (struct virtio_device){.pci = pci};
    pci_command(pci, PCI_COMMAND_MEMORY | PCI_COMMAND_BUS_MASTER,
                PCI_COMMAND_NO_INTERRUPT);
    struct structures s = {0};
    bool found = find_structures(pci, &s);
    v->common = (volatile struct virtio_common *)s.at[CAP_COMMON];
    v->isr = s.at[CAP_ISR];
    v->config = s.at[CAP_DEVICE];
    if (!found)
        *why = "its registers could not be found or mapped";
    if (!found || !agree_on_features(v, why) || !start_queue(v, &s, why)) {
        virtio_give_up(v);
        return false;
    }
    v->common->device_status = STATUS_ACKNOWLEDGE | STATUS_DRIVER |
                               STATUS_FEATURES_OK | STATUS_DRIVER_OK;
    return true;
}

static void compiler_barrier(void)
{
    __asm__ volatile("" : : : "memory");
}

void virtio_submit(struct virtio_device *v, uint16_t first)
{
    v->avail->ring[v->avail->index % v->queue_size] = first;
    compiler_barrier();                 /* the entry before the count */
    v->avail->index++;
    compiler_barrier();                 /* the count before the doorbell */
    *v->doorbell = 0;                   /* queue 0 */
}

bool virtio_take_used(struct virtio_device *v)
{
    if (v->used->index == v->used_seen)
        return false;
    compiler_barrier();                 /* the count before what it covers */
    v->used_seen++;
    return true;
}

uint8_t virtio_interrupt_status(const struct virtio_device *v)
{
    return *v->isr;
}

uint64_t virtio_config_read64(const struct virtio_device *v, uint32_t offset)
{
    volatile uint32_t *at = (volatile uint32_t *)(v->config + offset);
    uint64_t value = 0;
    for (int tries = 0; tries < 100; tries++) {
        uint8_t generation = v->common->config_generation;
        value = at[0] | (uint64_t)at[1] << 32;
        if (v->common->config_generation == generation)
            break;
    }
    return value;
}
