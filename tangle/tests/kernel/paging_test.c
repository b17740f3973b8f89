/* Tangled from chapters/09-paging.nw. Edit the chapter, not this file. */
#include "ktest.h"
#include "paging.h"
#include "memory.h"
#include "overflow.h"
#include "interrupts.h"
#include "vga.h"
#include <stddef.h>
#include <stdint.h>

#define TEST_VIRT 0x0000500000000000ull

extern char text_start[], rodata_start[], data_start[];
extern uint8_t boot_stack_guard[];
void kmain(uint32_t, uint32_t);

KTEST(map_translate_and_unmap_a_page)
{
    uint64_t *pml4 = paging_current_pml4();
    uint64_t a = kernel_frame_alloc(), b = kernel_frame_alloc();
    *(volatile uint64_t *)(uintptr_t)a = 0xAAAA;
    *(volatile uint64_t *)(uintptr_t)b = 0xBBBB;
    struct translation t;
    KEXPECT(!page_translate(pml4, TEST_VIRT, &t));
    KEXPECT(page_map(pml4, TEST_VIRT, a, PTE_WRITABLE | PTE_NO_EXECUTE) == MAP_OK);
    KEXPECT(page_translate(pml4, TEST_VIRT + 8, &t) && t.physical == a + 8);
    KEXPECT(*(volatile uint64_t *)TEST_VIRT == 0xAAAA);
    KEXPECT(page_map(pml4, TEST_VIRT, b, PTE_WRITABLE) == MAP_ALREADY_MAPPED);
    uint64_t old = 0;
    KEXPECT(page_unmap(pml4, TEST_VIRT, &old) == MAP_OK && old == a);
    KEXPECT(!page_translate(pml4, TEST_VIRT, &t));
    KEXPECT(page_unmap(pml4, TEST_VIRT, &old) == MAP_NOT_MAPPED);
    KEXPECT(page_map(pml4, TEST_VIRT, b, PTE_WRITABLE | PTE_NO_EXECUTE) == MAP_OK);
    KEXPECT(*(volatile uint64_t *)TEST_VIRT == 0xBBBB);
    page_unmap(pml4, TEST_VIRT, NULL);
    kernel_frame_free(a);
    kernel_frame_free(b);
}
KTEST(kernel_sections_have_their_permissions)
{
    uint64_t *pml4 = paging_current_pml4();
    uint64_t nx = paging_has_no_execute() ? PTE_NO_EXECUTE : 0;
    struct translation t;
    KEXPECT(!page_translate(pml4, 0, &t));
    KEXPECT(!page_translate(pml4, (uintptr_t)boot_stack_guard, &t));
    KEXPECT(page_translate(pml4, (uintptr_t)kmain, &t));
    KEXPECT(!(t.flags & PTE_WRITABLE) && !(t.flags & PTE_NO_EXECUTE));
    KEXPECT(page_translate(pml4, (uintptr_t)rodata_start, &t));
    KEXPECT(!(t.flags & PTE_WRITABLE) && (t.flags & PTE_NO_EXECUTE) == nx);
    KEXPECT(page_translate(pml4, (uintptr_t)data_start, &t));
    KEXPECT((t.flags & PTE_WRITABLE) && (t.flags & PTE_NO_EXECUTE) == nx);
    KEXPECT(page_translate(pml4, 0x400000, &t) && t.page_size == HUGE_PAGE_SIZE);
    KEXPECT(t.physical == 0x400000 && (t.flags & PTE_NO_EXECUTE) == nx);
}
static bool maps_to_itself(uint64_t address)
{
    struct translation t;
    return page_translate(paging_current_pml4(), address, &t) && t.physical == address;
}

KTEST(all_ram_is_mapped_to_itself)
{
    const struct boot_info *b = &boot_information;
    for (uint32_t i = 0; i < b->region_count; i++) {
        uint64_t first = (b->regions[i].base + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
        uint64_t last = ((b->regions[i].base + b->regions[i].length) & ~(PAGE_SIZE - 1))
                        - PAGE_SIZE;
        if (b->regions[i].type != MB2_MEMORY_AVAILABLE || last < first)
            continue;
        KEXPECT(first == 0 || maps_to_itself(first));
        KEXPECT(maps_to_itself(last));
    }
}

KTEST(nothing_but_ram_is_mapped)
{
    const struct boot_info *b = &boot_information;
    struct translation t;
    for (uint32_t i = 0; i < b->region_count; i++) {
        uint64_t first = (b->regions[i].base + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
        uint64_t end = (b->regions[i].base + b->regions[i].length) & ~(PAGE_SIZE - 1);
        if (b->regions[i].type == MB2_MEMORY_AVAILABLE)
            continue;
        for (uint64_t a = first; a < end && a < first + 64 * PAGE_SIZE; a += PAGE_SIZE)
            KEXPECT(a == VGA_TEXT_ADDRESS ||
                    !page_translate(paging_current_pml4(), a, &t));
    }
    KEXPECT(!page_translate(paging_current_pml4(), memory_end_of_ram(), &t));
    KEXPECT(!page_translate(paging_current_pml4(), 0xA0000, &t));
    KEXPECT(maps_to_itself(VGA_TEXT_ADDRESS));
    KEXPECT(!page_translate(paging_current_pml4(), NEVER_MAPPED_ADDRESS, &t));
}
static uint8_t not_code[16];

KTEST_EXPECT_PANIC(writing_to_kernel_text_faults)
{
    *(volatile uint8_t *)(uintptr_t)kmain = 0x90;
}

KTEST_EXPECT_PANIC(writing_to_rodata_faults)
{
    *(volatile char *)(uintptr_t)rodata_start = 'x';
}

KTEST_EXPECT_PANIC(executing_data_faults)
{
    not_code[0] = 0xC3;
    ((void (*)(void))(uintptr_t)not_code)();
}

KTEST_EXPECT_PANIC(null_dereference_faults)
{
    (void)*(volatile uint64_t *)0;
}
KTEST_EXPECT_PANIC(boot_stack_overflow_hits_the_guard_page)
{
    overflow_the_stack(0);
}
