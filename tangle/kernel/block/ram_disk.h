/* Tangled from chapters/19-a-disk.nw. Edit the chapter, not this file. */
#ifndef RAM_DISK_H
#define RAM_DISK_H
void ram_disk_init(void);
#endif
