/* Tangled from chapters/17-acpi-and-the-apic.nw. Edit the chapter, not this file. */
#include "acpi.h"
#include "format.h"
#include "lib.h"

static uint16_t read16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t read32(const uint8_t *p)
{
    return read16(p) | (uint32_t)read16(p + 2) << 16;
}

static uint64_t read64(const uint8_t *p)
{
    return read32(p) | (uint64_t)read32(p + 4) << 32;
}

static bool sums_to_zero(const uint8_t *p, uint32_t length)
{
    uint8_t sum = 0;
    for (uint32_t i = 0; i < length; i++)
        sum = (uint8_t)(sum + p[i]);
    return sum == 0;
}

static const uint8_t *checked_table(acpi_reader *read, void *context, uint64_t address,
                                    uint32_t *length)
{
    const uint8_t *header = read(context, address, 36);
    if (header == NULL)
        return NULL;
    uint32_t n = read32(header + 4);
    if (n < 36 || n > ACPI_MAX_TABLE_SIZE)
        return NULL;
    const uint8_t *table = read(context, address, n);
    if (table == NULL || !sums_to_zero(table, n))
        return NULL;
    *length = n;
    return table;
}

static bool read_madt_entry(const uint8_t *e, uint8_t length, struct acpi_info *out);

static bool read_madt(const uint8_t *t, uint32_t length, struct acpi_info *out)
{
    if (length < 44) {
        out->bad_tables++;
        return false;
    }
    out->local_apic = read32(t + 36);
    out->has_8259 = read32(t + 40) & 1;
    for (uint32_t at = 44; at < length; at += t[at + 1]) {
        if (length - at < 2 || t[at + 1] < 2 || t[at + 1] > length - at ||
            !read_madt_entry(t + at, t[at + 1], out)) {
            out->bad_tables++;
            out->cpu_count = out->io_apic_count = out->override_count = 0;
            return false;
        }
    }
    return true;
}
static bool read_madt_entry(const uint8_t *e, uint8_t length, struct acpi_info *out)
{
    switch (e[0]) {
    case 0:
        if (length < 8)
            return false;
        if ((read32(e + 4) & 3) != 0 && out->cpu_count < ACPI_MAX_CPUS)
            out->cpu_apic_ids[out->cpu_count++] = e[3];
        return true;
    case 1:
        if (length < 12)
            return false;
        if (out->io_apic_count < ACPI_MAX_IO_APICS)
            out->io_apics[out->io_apic_count++] =
                (struct io_apic){e[2], read32(e + 4), read32(e + 8)};
        return true;
    case 2:
        if (length < 10)
            return false;
        if (e[2] == 0 && e[3] < 16 && out->override_count < ACPI_MAX_OVERRIDES)
            out->overrides[out->override_count++] =
                (struct irq_override){e[3], read32(e + 4), read16(e + 8)};
        return true;
    case 5:
        if (length < 12)
            return false;
        out->local_apic = read64(e + 4);
        return true;
    default:
        return true;
    }
}
static void read_fadt(const uint8_t *t, uint32_t length, struct acpi_info *out)
{
    out->has_fadt = true;
    if (t[8] >= 3 && length >= 111)
        out->no_8042 = (read16(t + 109) & 2) == 0;
}
static void printable(char *to, const uint8_t *from, int n)
{
    for (int i = 0; i < n; i++)
        to[i] = from[i] >= 0x20 && from[i] < 0x7F ? (char)from[i] : '?';
    to[n] = '\0';
}

static bool root_address(const uint8_t *r, uint32_t size, struct acpi_info *out,
                         uint64_t *root, uint32_t *entry_size)
{
    if (size < 20 || memcmp(r, "RSD PTR ", 8) != 0 || !sums_to_zero(r, 20)) {
        ksnprintf(out->error, sizeof out->error, "the RSDP's signature or checksum");
        return false;
    }
    printable(out->oem, r + 9, 6);
    out->revision = r[15];
    *root = read32(r + 16);
    *entry_size = 4;
    if (r[15] >= 2 && size >= 36 && sums_to_zero(r, 36) && read64(r + 24) != 0) {
        *root = read64(r + 24);
        *entry_size = 8;
    }
    return true;
}
bool acpi_parse(const uint8_t *rsdp, uint32_t rsdp_size, acpi_reader *read,
                void *context, struct acpi_info *out)
{
    *out = (struct acpi_info){0};
    uint64_t root_at;
    uint32_t entry_size, length;
    if (rsdp == NULL || !root_address(rsdp, rsdp_size, out, &root_at, &entry_size))
        return false;
    const uint8_t *root = checked_table(read, context, root_at, &length);
    if (root == NULL || memcmp(root, entry_size == 8 ? "XSDT" : "RSDT", 4) != 0) {
        ksnprintf(out->error, sizeof out->error, "the %s at 0x%llx is not valid",
                  entry_size == 8 ? "XSDT" : "RSDT", (unsigned long long)root_at);
        return false;
    }
    for (uint32_t at = 36, n = 0; at + entry_size <= length && n < ACPI_MAX_ENTRIES;
         at += entry_size, n++) {
        uint64_t address = entry_size == 8 ? read64(root + at) : read32(root + at);
        uint32_t n;
        const uint8_t *table = checked_table(read, context, address, &n);
        if (table == NULL) {
            out->bad_tables++;
            continue;
        }
        if (out->table_count < ACPI_MAX_TABLES)
            printable(out->tables[out->table_count++], table, 4);
        if (memcmp(table, "APIC", 4) == 0 && !out->has_madt)
            out->has_madt = read_madt(table, n, out);
        if (memcmp(table, "FACP", 4) == 0 && !out->has_fadt)
            read_fadt(table, n, out);
    }
    return true;
}
uint32_t acpi_irq_to_gsi(const struct acpi_info *a, uint8_t irq, uint16_t *flags)
{
    for (uint32_t i = 0; i < a->override_count; i++)
        if (a->overrides[i].irq == irq) {
            *flags = a->overrides[i].flags;
            return a->overrides[i].gsi;
        }
    *flags = 0;
    return irq;
}
