/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#include "file_system.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct superblock s;
    make_clean_image();
    memcpy(image, clean, sizeof image);
    memcpy(&s, clean, sizeof s);
    damage(s.inode_start, data, size);
    if (size > BLOCK_SIZE)
        damage(clean_inode(4).indirect, data + BLOCK_SIZE, size - BLOCK_SIZE);
    exercise(zeros(data, size));
    return 0;
}
