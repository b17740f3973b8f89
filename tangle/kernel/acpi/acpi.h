/* Tangled from chapters/17-acpi-and-the-apic.nw. Edit the chapter, not this file. */
#ifndef ACPI_H
#define ACPI_H
#include <stdbool.h>
#include <stdint.h>

#define ACPI_MAX_TABLES 32
#define ACPI_MAX_ENTRIES 256            /* root addresses followed, at most */
#define ACPI_MAX_TABLE_SIZE (1u << 20)
#define ACPI_MAX_CPUS 64
#define ACPI_MAX_IO_APICS 8
#define ACPI_MAX_OVERRIDES 16

typedef const uint8_t *acpi_reader(void *context, uint64_t address, uint32_t length);

struct io_apic {
    uint8_t id;
    uint32_t address, first_gsi;
};

struct irq_override {
    uint8_t irq;
    uint32_t gsi;
    uint16_t flags;                     /* polarity in bits 0-1, trigger in 2-3 */
};

#define ACPI_ACTIVE_LOW 3u
#define ACPI_LEVEL_TRIGGERED (3u << 2)

struct acpi_info {
    uint8_t revision;                   /* the RSDP's: 0 is ACPI 1.0 */
    char oem[7];
    char tables[ACPI_MAX_TABLES][5];    /* the signatures of the good tables */
    uint32_t table_count, bad_tables;
    bool has_madt, has_fadt;
    uint64_t local_apic;                /* the local APIC's physical address */
    bool has_8259;                      /* the MADT's PCAT_COMPAT flag */
    uint8_t cpu_apic_ids[ACPI_MAX_CPUS];
    uint32_t cpu_count;
    struct io_apic io_apics[ACPI_MAX_IO_APICS];
    uint32_t io_apic_count;
    struct irq_override overrides[ACPI_MAX_OVERRIDES];
    uint32_t override_count;
    bool no_8042;                       /* the FADT says there is no PS/2 controller */
    char error[96];                     /* why there is no ACPI at all */
};

bool acpi_parse(const uint8_t *rsdp, uint32_t rsdp_size, acpi_reader *read,
                void *context, struct acpi_info *out);
uint32_t acpi_irq_to_gsi(const struct acpi_info *a, uint8_t irq, uint16_t *flags);
#endif
