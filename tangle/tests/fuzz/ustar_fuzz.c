/* Tangled from chapters/15-programs-from-a-ramdisk.nw. Edit the chapter, not this file. */
#include "../../kernel/ramdisk/ustar.c"
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t offset = 0, before;
    struct ustar_file f;
    const char *why;
    enum ustar_result r;
    do {
        before = offset;
        why = NULL;
        r = ustar_next(data, size, &offset, &f, &why);
        if (r == USTAR_BAD && why == NULL)
            abort();                            /* every refusal has a reason */
        if (r != USTAR_FILE)
            continue;
        if (f.data != data + before + USTAR_BLOCK ||
            f.size > size - before - USTAR_BLOCK || f.name[0] == '\0' ||
            offset <= before || offset > size)
            abort();
    } while (r == USTAR_FILE);
    return 0;
}
