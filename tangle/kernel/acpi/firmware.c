/* Tangled from chapters/17-acpi-and-the-apic.nw. Edit the chapter, not this file. */
#include "firmware.h"
#include "bootinfo.h"
#include "console.h"
#include "paging.h"
#include "syscalls.h"

#define MAX_TABLE_PAGES 1024

struct acpi_info acpi;
static uint64_t table_pages[MAX_TABLE_PAGES];
static uint32_t table_page_count;

static const uint8_t *read_physical(void *context, uint64_t address, uint32_t length)
{
    (void)context;
    uint64_t end = address + length;
    if (length == 0 || end < address || end > USER_START)
        return NULL;
    uint64_t *pml4 = paging_current_pml4();
    struct translation t;
    for (uint64_t page = address & ~(PAGE_SIZE - 1); page < end; page += PAGE_SIZE) {
        if (page_translate(pml4, page, &t))
            continue;
        if (table_page_count == MAX_TABLE_PAGES ||
            page_map(pml4, page, page, PTE_NO_EXECUTE) != MAP_OK)
            return NULL;
        table_pages[table_page_count++] = page;
    }
    return (const uint8_t *)(uintptr_t)address;
}
static void unmap_tables(void)
{
    for (uint32_t i = 0; i < table_page_count; i++)
        page_unmap(paging_current_pml4(), table_pages[i], NULL);
    table_page_count = 0;
}

bool acpi_init(void)
{
    const struct boot_info *b = &boot_information;
    bool found = acpi_parse(b->rsdp, b->rsdp_size, read_physical, NULL, &acpi);
    unmap_tables();
    if (!found) {
        kprintf("acpi: none (%s)\n", b->rsdp == NULL ? "no RSDP from the boot loader"
                                                      : acpi.error);
        return false;
    }
    kprintf("acpi: revision %u by %s, %u tables (%u bad)", acpi.revision, acpi.oem,
            acpi.table_count, acpi.bad_tables);
    for (uint32_t i = 0; i < acpi.table_count; i++)
        kprintf(" %s", acpi.tables[i]);
    kprintf("\n");
    return true;
}
