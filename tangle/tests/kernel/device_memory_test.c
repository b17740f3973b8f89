/* Tangled from chapters/16-a-screen-on-any-pc.nw. Edit the chapter, not this file. */
#include "ktest.h"
#include <stddef.h>
#include "device_memory.h"
#include "paging.h"
#include "syscalls.h"

#define FAR_DEVICE 0x4000000000ull          /* 256 GiB: no RAM in any test machine */

KTEST(device_memory_is_mapped_write_combining)
{
    struct translation t;
    bool pat = device_memory_init();            /* every CPU QEMU models has one */
    KEXPECT(pat);
    KEXPECT(device_memory_map(FAR_DEVICE, 2 * PAGE_SIZE, MEMORY_WRITE_COMBINING));
    KEXPECT(page_translate(paging_current_pml4(), FAR_DEVICE + PAGE_SIZE, &t) &&
            t.physical == FAR_DEVICE + PAGE_SIZE);
    KEXPECT((t.flags & 0x18) == (pat ? 0x08 : 0x18));
    KEXPECT(!paging_has_no_execute() || (t.flags & PTE_NO_EXECUTE));
    KEXPECT(!device_memory_map(FAR_DEVICE, PAGE_SIZE, MEMORY_WRITE_COMBINING));
    page_unmap(paging_current_pml4(), FAR_DEVICE, NULL);
    page_unmap(paging_current_pml4(), FAR_DEVICE + PAGE_SIZE, NULL);
}

KTEST(device_memory_refuses_bad_ranges)
{
    KEXPECT(!device_memory_map(FAR_DEVICE, 0, MEMORY_UNCACHEABLE));
    KEXPECT(!device_memory_map(~0ull - PAGE_SIZE, 2 * PAGE_SIZE, MEMORY_UNCACHEABLE));
    KEXPECT(!device_memory_map(USER_START - PAGE_SIZE, 2 * PAGE_SIZE,
                               MEMORY_UNCACHEABLE));
}
