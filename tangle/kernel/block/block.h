/* Tangled from chapters/19-a-disk.nw. Edit the chapter, not this file. */
#ifndef BLOCK_H
#define BLOCK_H
#include <stdbool.h>
#include <stdint.h>

#define BLOCK_SIZE 1024
#define BLOCK_DEVICES_MAX 8
#define BLOCK_NAME_MAX 8

struct block_device {
    char name[BLOCK_NAME_MAX];          /* "vda" */
    uint64_t blocks;                    /* its size, in blocks */
    bool read_only;
    bool (*read)(struct block_device *d, uint64_t block, void *buffer);
    bool (*write)(struct block_device *d, uint64_t block, const void *buffer);
    void *driver;                       /* the driver's own state */
    uint64_t reads, writes, failures;   /* counted by block_read, block_write */
    uint64_t interrupts;                /* requests the device ended by interrupt */
};

bool block_register(struct block_device *d);
struct block_device *block_device_named(const char *name);
struct block_device *block_device_at(uint32_t i);
bool block_read(struct block_device *d, uint64_t block, void *buffer);
bool block_write(struct block_device *d, uint64_t block, const void *buffer);
bool block_named_in(char *args, struct block_device **d, uint64_t *block);
void block_command(char *args);
#endif
