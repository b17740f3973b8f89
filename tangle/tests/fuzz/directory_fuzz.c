/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#include "file_system.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    make_clean_image();
    memcpy(image, clean, sizeof image);
    damage(clean_inode(FS_ROOT).direct[0], data, size);
    if (size > BLOCK_SIZE)
        damage(clean_inode(2).direct[0], data + BLOCK_SIZE, size - BLOCK_SIZE);
    exercise(zeros(data, size));
    return 0;
}
