/* Tangled from chapters/09-paging.nw. Edit the chapter, not this file. */
#include "paging.h"
#include "console.h"
#include "lib.h"
#include "memory.h"
#include "panic.h"
#include "interrupts.h"
#include "vga.h"

static uint64_t *table_at(uint64_t physical)
{
    return (uint64_t *)(uintptr_t)physical;     /* RAM is identity-mapped */
}

uint64_t *paging_current_pml4(void)
{
    uint64_t cr3;
    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    return table_at(cr3 & PTE_ADDRESS_MASK);
}

static unsigned index_at(uint64_t virt, int level)    /* level 3: PML4 ... 0: PT */
{
    return (unsigned)(virt >> (12 + 9 * level)) & 511;
}

bool page_translate(uint64_t *pml4, uint64_t virt, struct translation *out)
{
    uint64_t *table = pml4;
    for (int level = 3; level >= 0; level--) {
        uint64_t entry = table[index_at(virt, level)];
        if (!(entry & PTE_PRESENT))
            return false;
        uint64_t size = 1ull << (12 + 9 * level);
        if (level == 0 || (level <= 2 && (entry & PTE_HUGE))) {
            uint64_t base = entry & PTE_ADDRESS_MASK & ~(size - 1);
            *out = (struct translation){base + (virt & (size - 1)),
                                        entry & ~PTE_ADDRESS_MASK, size};
            return true;
        }
        table = table_at(entry & PTE_ADDRESS_MASK);
    }
    return false;
}
void paging_walk_report(uint64_t virt)
{
    static const char *const names[] = {"PT", "PD", "PDPT", "PML4"};
    uint64_t *table = paging_current_pml4();
    kprintf("page walk for 0x%llx:", (unsigned long long)virt);
    for (int level = 3; level >= 0; level--) {
        unsigned i = index_at(virt, level);
        uint64_t entry = table[i];
        kprintf(" %s[%u]", names[level], i);
        if (!(entry & PTE_PRESENT)) {
            kprintf(" not present\n");
            return;
        }
        if (level == 0 || (level <= 2 && (entry & PTE_HUGE))) {
            kprintf(" -> page 0x%llx %s%s\n",
                    (unsigned long long)(entry & PTE_ADDRESS_MASK),
                    entry & PTE_WRITABLE ? "RW" : "R",
                    entry & PTE_NO_EXECUTE ? " NX" : " X");
            return;
        }
        table = table_at(entry & PTE_ADDRESS_MASK);
    }
}
static uint64_t unsupported_flags;

static uint64_t *next_table(uint64_t *table, unsigned index, enum map_result *error)
{
    uint64_t entry = table[index];
    if (entry & PTE_PRESENT) {
        if (entry & PTE_HUGE) {
            *error = MAP_HUGE_IN_WAY;
            return NULL;
        }
        return table_at(entry & PTE_ADDRESS_MASK);
    }
    uint64_t frame = kernel_frame_alloc();
    if (frame == 0) {
        *error = MAP_NO_MEMORY;
        return NULL;
    }
    memset(table_at(frame), 0, PAGE_SIZE);
    table[index] = frame | PTE_PRESENT | PTE_WRITABLE | PTE_USER;
    return table_at(frame);
}

enum map_result page_map(uint64_t *pml4, uint64_t virt, uint64_t phys, uint64_t flags)
{
    enum map_result error = MAP_OK;
    uint64_t *table = pml4;
    for (int level = 3; level >= 1; level--) {
        table = next_table(table, index_at(virt, level), &error);
        if (table == NULL)
            return error;
    }
    uint64_t *entry = &table[index_at(virt, 0)];
    if (*entry & PTE_PRESENT)
        return MAP_ALREADY_MAPPED;
    *entry = (phys & PTE_ADDRESS_MASK) | (flags & ~unsupported_flags) | PTE_PRESENT;
    return MAP_OK;
}
static void tlb_forget(uint64_t virt)
{
    __asm__ volatile("invlpg (%0)" : : "r"(virt) : "memory");
}

enum map_result page_unmap(uint64_t *pml4, uint64_t virt, uint64_t *phys)
{
    uint64_t *table = pml4;
    for (int level = 3; level >= 1; level--) {
        uint64_t entry = table[index_at(virt, level)];
        if (!(entry & PTE_PRESENT))
            return MAP_NOT_MAPPED;
        if (entry & PTE_HUGE)
            return MAP_HUGE_IN_WAY;
        table = table_at(entry & PTE_ADDRESS_MASK);
    }
    uint64_t *entry = &table[index_at(virt, 0)];
    if (!(*entry & PTE_PRESENT))
        return MAP_NOT_MAPPED;
    if (phys != NULL)
        *phys = *entry & PTE_ADDRESS_MASK;
    *entry = 0;
    tlb_forget(virt);
    return MAP_OK;
}
extern char text_start[], text_end[], rodata_start[], rodata_end[], data_start[];
extern uint8_t boot_stack_guard[], double_fault_stack_area[];

#define EFER_MSR 0xC0000080u
#define EFER_NXE (1u << 11)
#define CR0_WRITE_PROTECT (1ull << 16)
#define CPUID_EXT_FEATURES 0x80000001u
#define CPUID_EDX_NO_EXECUTE (1u << 20)

bool paging_has_no_execute(void)
{
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
                     : "a"(CPUID_EXT_FEATURES), "c"(0));
    return (d & CPUID_EDX_NO_EXECUTE) != 0;
}

static void enable_no_execute(void)
{
    uint32_t low, high;
    __asm__ volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(EFER_MSR));
    low |= EFER_NXE;
    __asm__ volatile("wrmsr" : : "a"(low), "d"(high), "c"(EFER_MSR));
}

static void enable_write_protect(void)
{
    uint64_t cr0;
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    __asm__ volatile("mov %0, %%cr0" : : "r"(cr0 | CR0_WRITE_PROTECT) : "memory");
}

static bool is_guard_page(uint64_t address)
{
    return address == (uintptr_t)boot_stack_guard ||
           address == (uintptr_t)double_fault_stack_area;
}

static uint64_t small_page_flags(uint64_t address)
{
    if (address >= (uintptr_t)text_start && address < (uintptr_t)text_end)
        return 0;                                   /* read, execute */
    if (address >= (uintptr_t)rodata_start && address < (uintptr_t)rodata_end)
        return PTE_NO_EXECUTE;                      /* read only */
    return PTE_WRITABLE | PTE_NO_EXECUTE;           /* data, bss, and the rest */
}
static void map_or_panic(uint64_t *pml4, uint64_t virt, uint64_t flags, bool again_ok)
{
    enum map_result r = page_map(pml4, virt, virt, flags);
    if (again_ok && (r == MAP_ALREADY_MAPPED || r == MAP_HUGE_IN_WAY))
        return;
    if (r != MAP_OK)
        panic("paging: cannot map 0x%llx (error %d)", (unsigned long long)virt, r);
}

static bool map_huge_or_panic(uint64_t *pml4, uint64_t address)
{
    enum map_result error = MAP_OK;
    uint64_t *table = pml4;
    for (int level = 3; level >= 2; level--) {
        table = next_table(table, index_at(address, level), &error);
        if (table == NULL)
            panic("paging: cannot map 0x%llx (error %d)",
                  (unsigned long long)address, error);
    }
    uint64_t *entry = &table[index_at(address, 1)];
    uint64_t want = address | PTE_PRESENT | PTE_WRITABLE | PTE_HUGE |
                    (PTE_NO_EXECUTE & ~unsupported_flags);
    if (*entry & PTE_PRESENT)
        return *entry == want;          /* a page table is there: use small pages */
    *entry = want;
    return true;
}
static void map_range(uint64_t *pml4, uint64_t start, uint64_t end, bool again_ok)
{
    uint64_t small_only = ((uintptr_t)rodata_end + HUGE_PAGE_SIZE - 1) &
                          ~(HUGE_PAGE_SIZE - 1);
    uint64_t a = (start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    end &= ~(PAGE_SIZE - 1);
    while (a < end) {
        if (a >= small_only && a % HUGE_PAGE_SIZE == 0 && end - a >= HUGE_PAGE_SIZE &&
            map_huge_or_panic(pml4, a)) {
            a += HUGE_PAGE_SIZE;
            continue;
        }
        if (a != 0 && !is_guard_page(a))
            map_or_panic(pml4, a, small_page_flags(a), again_ok);
        a += PAGE_SIZE;
    }
}

static void map_what_the_kernel_uses(uint64_t *pml4)
{
    const struct boot_info *b = &boot_information;
    for (uint32_t i = 0; i < b->region_count; i++)
        if (b->regions[i].type == MB2_MEMORY_AVAILABLE)
            map_range(pml4, b->regions[i].base, b->regions[i].base + b->regions[i].length,
                      false);
    map_or_panic(pml4, VGA_TEXT_ADDRESS, PTE_WRITABLE | PTE_NO_EXECUTE, true);
    map_range(pml4, b->start & ~(PAGE_SIZE - 1), b->start + b->size + PAGE_SIZE - 1,
              true);
    for (uint32_t i = 0; i < b->module_count; i++)
        map_range(pml4, b->modules[i].start & ~(PAGE_SIZE - 1),
                  b->modules[i].end + PAGE_SIZE - 1, true);
}
void paging_init(void)
{
    bool nx = paging_has_no_execute();
    if (nx)
        enable_no_execute();
    else
        unsupported_flags = PTE_NO_EXECUTE;
    enable_write_protect();
    uint64_t root = kernel_frame_alloc();
    if (root == 0)
        panic("paging: no frame for a PML4");
    uint64_t *pml4 = table_at(root);
    memset(pml4, 0, PAGE_SIZE);
    if (memory_end_of_ram() > NEVER_MAPPED_ADDRESS)
        panic("paging: RAM reaches 0x%llx, which the kernel keeps unmapped",
              NEVER_MAPPED_ADDRESS);
    map_what_the_kernel_uses(pml4);
    __asm__ volatile("mov %0, %%cr3" : : "r"(root) : "memory");
    kprintf("paging: kernel remapped W^X; null page and stack guard pages unmapped\n");
    if (!nx)
        kprintf("paging: this CPU has no NX bit, so data pages stay executable\n");
}
