/* Tangled from chapters/19-a-disk.nw. Edit the chapter, not this file. */
#ifndef VIRTIO_BLK_H
#define VIRTIO_BLK_H
extern const char WAITING_DISK[];
void virtio_blk_init(void);
#endif
