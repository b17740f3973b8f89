/* Tangled from chapters/14-processes.nw. Edit the chapter, not this file. */
#include "address_space.h"
#include "lib.h"
#include "memory.h"
#include "paging.h"
#include "panic.h"
#include "syscalls.h"

uint64_t *kernel_pml4;

void address_space_init(void)
{
    kernel_pml4 = paging_current_pml4();
    if (USER_START >> 39 != USER_FIRST_SLOT || (USER_END - 1) >> 39 != USER_LAST_SLOT)
        panic("address spaces: program memory is not slots %d-%d",
              USER_FIRST_SLOT, USER_LAST_SLOT);
}

uint64_t *address_space_create(void)
{
    uint64_t frame = kernel_frame_alloc();
    if (frame == 0)
        return NULL;
    uint64_t *pml4 = (uint64_t *)(uintptr_t)frame;
    for (int slot = 0; slot < 512; slot++)
        pml4[slot] = slot >= USER_FIRST_SLOT && slot <= USER_LAST_SLOT
                     ? 0 : kernel_pml4[slot];
    return pml4;
}

void address_space_switch(uint64_t *pml4)
{
    __asm__ volatile("mov %0, %%cr3" : : "r"((uint64_t)(uintptr_t)pml4) : "memory");
}

static void free_table(uint64_t *table, int level)
{
    for (int i = 0; i < 512; i++) {
        if (!(table[i] & PTE_PRESENT))
            continue;
        uint64_t below = table[i] & PTE_ADDRESS_MASK;
        if (level > 1)
            free_table((uint64_t *)(uintptr_t)below, level - 1);
        else
            kernel_frame_free(below);       /* a page of the program */
    }
    kernel_frame_free((uint64_t)(uintptr_t)table);
}

void address_space_destroy(uint64_t *pml4)
{
    for (int slot = USER_FIRST_SLOT; slot <= USER_LAST_SLOT; slot++)
        if (pml4[slot] & PTE_PRESENT)
            free_table((uint64_t *)(uintptr_t)(pml4[slot] & PTE_ADDRESS_MASK), 3);
    kernel_frame_free((uint64_t)(uintptr_t)pml4);
}
