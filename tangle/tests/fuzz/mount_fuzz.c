/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#include "file_system.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    make_clean_image();
    memcpy(image, clean, sizeof image);
    damage(0, data, size < 64 ? size : 64);
    if (size > 64)
        damage(1, data + 64, size - 64);
    exercise(zeros(data, size));
    return 0;
}
