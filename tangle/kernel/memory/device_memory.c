/* Tangled from chapters/16-a-screen-on-any-pc.nw. Edit the chapter, not this file. */
#include "device_memory.h"
#include <stddef.h>
#include "paging.h"
#include "syscalls.h"

#define IA32_PAT 0x277u
#define PAT_WRITE_COMBINING 0x01ull
#define CPUID_EDX_PAT (1u << 16)
#define PTE_WRITE_THROUGH (1ull << 3)       /* PWT */
#define PTE_CACHE_DISABLE (1ull << 4)       /* PCD */

static bool write_combining;

bool device_memory_init(void)
{
    uint32_t a = 1, b, c = 0, d;
    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    if (!(d & CPUID_EDX_PAT))
        return false;
    uint32_t low, high;
    __asm__ volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(IA32_PAT));
    uint64_t pat = (uint64_t)high << 32 | low;
    pat = (pat & ~(0xFFull << 8)) | PAT_WRITE_COMBINING << 8;
    __asm__ volatile("wrmsr" : : "c"(IA32_PAT), "a"((uint32_t)pat),
                     "d"((uint32_t)(pat >> 32)));
    write_combining = true;
    return true;
}
bool device_memory_map(uint64_t physical, uint64_t size, enum memory_type type)
{
    uint64_t first = physical & ~(PAGE_SIZE - 1);
    uint64_t end = (physical + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    if (size == 0 || physical + size < physical || end < first || end > USER_START)
        return false;
    uint64_t flags = PTE_WRITABLE | PTE_NO_EXECUTE;
    if (type == MEMORY_WRITE_COMBINING && write_combining)
        flags |= PTE_WRITE_THROUGH;                 /* PAT entry 1 */
    else
        flags |= PTE_CACHE_DISABLE | PTE_WRITE_THROUGH;     /* PAT entry 3: UC */
    uint64_t *pml4 = paging_current_pml4();
    for (uint64_t a = first; a < end; a += PAGE_SIZE) {
        if (page_map(pml4, a, a, flags) == MAP_OK)
            continue;
        for (uint64_t b = first; b < a; b += PAGE_SIZE)
            page_unmap(pml4, b, NULL);
        return false;
    }
    return true;
}
