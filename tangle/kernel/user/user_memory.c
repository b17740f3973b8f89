/* Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file. */
#include "user_memory.h"
#include "lib.h"
#include "paging.h"
#include "syscalls.h"

#define CR4_UMIP (1ull << 11)
#define CR4_SMEP (1ull << 20)
#define CR4_SMAP (1ull << 21)

bool smep_on, smap_on, umip_on;

void user_memory_init(void)
{
    uint32_t a = 0, b = 0, c = 0, d;
    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    if (a >= 7) {                   /* leaf 0's EAX: the highest leaf there is */
        a = 7;
        c = 0;                      /* subleaf 0 */
        __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    } else {
        b = c = 0;
    }
    uint64_t cr4;
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    smep_on = b & (1u << 7);
    smap_on = b & (1u << 20);
    umip_on = c & (1u << 2);
    cr4 |= (smep_on ? CR4_SMEP : 0) | (smap_on ? CR4_SMAP : 0) |
           (umip_on ? CR4_UMIP : 0);
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr4) : "memory");
}

bool user_range_ok(uint64_t address, uint64_t length, bool writable)
{
    if (address < USER_START || address >= USER_END || length > USER_END - address)
        return false;
    uint64_t *pml4 = paging_current_pml4();
    uint64_t page = address & ~(PAGE_SIZE - 1);
    uint64_t end = address + (length > 0 ? length : 1);    /* see the text */
    for (; page < end; page += PAGE_SIZE) {
        struct translation t;
        if (!page_translate(pml4, page, &t) || !(t.flags & PTE_USER))
            return false;
        if (writable && !(t.flags & PTE_WRITABLE))
            return false;
    }
    return true;
}
static void user_access_begin(void)
{
    if (smap_on)
        __asm__ volatile("stac" ::: "memory");
}

static void user_access_end(void)
{
    if (smap_on)
        __asm__ volatile("clac" ::: "memory");
}

bool copy_from_user(void *to, uint64_t from, size_t length)
{
    if (!user_range_ok(from, length, false))
        return false;
    user_access_begin();
    memcpy(to, (const void *)(uintptr_t)from, length);
    user_access_end();
    return true;
}

bool copy_to_user(uint64_t to, const void *from, size_t length)
{
    if (!user_range_ok(to, length, true))
        return false;
    user_access_begin();
    memcpy((void *)(uintptr_t)to, from, length);
    user_access_end();
    return true;
}
