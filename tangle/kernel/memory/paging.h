/* Tangled from chapters/09-paging.nw. Edit the chapter, not this file. */
#ifndef PAGING_H
#define PAGING_H
#include <stdbool.h>
#include <stdint.h>

#define PAGE_SIZE 4096ull
#define HUGE_PAGE_SIZE (2ull << 20)

enum page_flags {
    PTE_PRESENT = 1ull << 0,
    PTE_WRITABLE = 1ull << 1,
    PTE_USER = 1ull << 2,
    PTE_HUGE = 1ull << 7,
};
#define PTE_NO_EXECUTE (1ull << 63)
#define PTE_ADDRESS_MASK 0x000FFFFFFFFFF000ull

enum map_result {
    MAP_OK, MAP_ALREADY_MAPPED, MAP_NOT_MAPPED, MAP_NO_MEMORY, MAP_HUGE_IN_WAY,
};

struct translation {
    uint64_t physical;
    uint64_t flags;         /* the leaf entry's flag bits */
    uint64_t page_size;
};

uint64_t *paging_current_pml4(void);
bool page_translate(uint64_t *pml4, uint64_t virt, struct translation *out);
enum map_result page_map(uint64_t *pml4, uint64_t virt, uint64_t phys, uint64_t flags);
enum map_result page_unmap(uint64_t *pml4, uint64_t virt, uint64_t *phys);
void paging_walk_report(uint64_t virt);
bool paging_has_no_execute(void);
void paging_init(void);
#endif
