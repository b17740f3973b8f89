/* Tangled from chapters/17-acpi-and-the-apic.nw. Edit the chapter, not this file. */
#include "check.h"
#include "../../kernel/lib/format.c"
#include "../../kernel/acpi/acpi.c"
#include <string.h>

static uint8_t memory[4096];

static const uint8_t *read_array(void *context, uint64_t address, uint32_t length)
{
    (void)context;
    if (address > sizeof memory || length > sizeof memory - address)
        return NULL;
    return memory + address;
}

static void put(uint32_t at, uint64_t value, int bytes)
{
    for (int i = 0; i < bytes; i++)
        memory[at + i] = (uint8_t)(value >> (8 * i));
}

static void checksum(uint32_t at, uint32_t length, uint32_t field)
{
    uint8_t sum = 0;
    memory[at + field] = 0;
    for (uint32_t i = 0; i < length; i++)
        sum = (uint8_t)(sum + memory[at + i]);
    memory[at + field] = (uint8_t)-sum;
}

static void table(uint32_t at, const char *signature, uint32_t length, uint8_t revision)
{
    memcpy(memory + at, signature, 4);
    put(at + 4, length, 4);
    memory[at + 8] = revision;
    memcpy(memory + at + 10, "BOOKOS", 6);
    checksum(at, length, 9);
}
static void lay_out(void)
{
    memset(memory, 0, sizeof memory);
    memcpy(memory, "RSD PTR ", 8);
    memcpy(memory + 9, "BOOKOS", 6);
    memory[15] = 2;
    put(16, 64, 4);
    put(20, 36, 4);
    put(24, 128, 8);
    checksum(0, 20, 8);
    checksum(0, 36, 32);
    put(64 + 36, 256, 4);
    put(64 + 40, 512, 4);
    table(64, "RSDT", 44, 1);
    put(128 + 36, 256, 8);
    put(128 + 44, 512, 8);
    table(128, "XSDT", 52, 1);
    static const uint8_t entries[] = {
        0, 8, 0, 0, 1, 0, 0, 0,   0, 8, 1, 1, 2, 0, 0, 0,   0, 8, 2, 7, 0, 0, 0, 0,
        1, 12, 4, 0, 0x00, 0x00, 0xC0, 0xFE, 0, 0, 0, 0,
        2, 10, 0, 0, 2, 0, 0, 0, 0, 0,   2, 10, 0, 9, 9, 0, 0, 0, 0x0F, 0,
    };
    put(256 + 36, 0xFEE00000, 4);
    put(256 + 40, 1, 4);
    memcpy(memory + 256 + 44, entries, sizeof entries);
    table(256, "APIC", 44 + sizeof entries, 3);
    put(512 + 109, 0x0001, 2);                  /* IAPC_BOOT_ARCH: no 8042 */
    table(512, "FACP", 116, 3);
}
static bool parses(struct acpi_info *a)
{
    return acpi_parse(memory, 36, read_array, NULL, a);
}

static void check_acpi(void)
{
    struct acpi_info a;
    lay_out();
    CHECK(parses(&a) && a.revision == 2 && strcmp(a.oem, "BOOKOS") == 0 &&
          a.table_count == 2 && a.bad_tables == 0 && strcmp(a.tables[0], "APIC") == 0,
          "the XSDT leads to the MADT and the FADT");
    CHECK(a.has_madt && a.local_apic == 0xFEE00000 && a.has_8259 && a.cpu_count == 2 &&
          a.cpu_apic_ids[1] == 1 && a.io_apic_count == 1 &&
          a.io_apics[0].address == 0xFEC00000 && a.io_apics[0].id == 4,
          "the MADT's processors and I/O APIC");
    uint16_t flags;
    CHECK(acpi_irq_to_gsi(&a, 0, &flags) == 2 && flags == 0 &&
          acpi_irq_to_gsi(&a, 9, &flags) == 9 && flags == 0xF &&
          acpi_irq_to_gsi(&a, 1, &flags) == 1 && flags == 0,
          "IRQ 0 is GSI 2, IRQ 9 is level and active low, IRQ 1 is itself");
    CHECK(a.has_fadt && a.no_8042, "the FADT says there is no 8042");
    memory[15] = 0;
    checksum(0, 20, 8);
    CHECK(parses(&a) && a.table_count == 2, "a revision 0 RSDP uses the RSDT");
    lay_out();
    memory[3] ^= 1;
    CHECK(!parses(&a) && strstr(a.error, "RSDP"), "an RSDP with a bad signature is refused");
    lay_out();
    memory[100] ^= 1;                                   /* inside the RSDT: ignored */
    memory[130] ^= 1;                                   /* inside the XSDT */
    CHECK(!parses(&a) && strstr(a.error, "XSDT"), "an XSDT with a wrong checksum is refused");
    lay_out();
    memory[256 + 50] ^= 1;
    CHECK(parses(&a) && !a.has_madt && a.bad_tables == 1 && a.table_count == 1,
          "a MADT with a wrong checksum is skipped, the FADT still read");
    lay_out();
    put(128 + 36, 4000, 8);                             /* a header at 4000 ... */
    table(128, "XSDT", 52, 1);
    put(4004, 200, 4);                                  /* ... 200 bytes long */
    CHECK(parses(&a) && a.bad_tables == 1 && !a.has_madt,
          "a table running past readable memory is skipped");
    lay_out();
    memory[256 + 44 + 1] = 1;
    table(256, "APIC", 44 + 56, 3);
    CHECK(parses(&a) && !a.has_madt && a.cpu_count == 0, "an entry of length 1 spoils it");
    lay_out();
    memory[256 + 44 + 24 + 1] = 10;
    table(256, "APIC", 44 + 56, 3);
    CHECK(parses(&a) && !a.has_madt, "an I/O APIC entry too short for its fields spoils it");
    lay_out();
    put(256 + 4, 0xFFFFFFF0, 4);
    CHECK(parses(&a) && !a.has_madt && a.bad_tables == 1, "a huge table length is refused");
    CHECK(!acpi_parse(NULL, 0, read_array, NULL, &a), "no RSDP, no ACPI");
}

int main(int argc, char **argv)
{
    if (argc == 2) {                    /* acpi_test FILE: the layout, as a fuzz seed */
        lay_out();
        FILE *f = fopen(argv[1], "wb");
        return f == NULL || fwrite(memory, 1, 768, f) != 768 || fclose(f) != 0;
    }
    check_acpi();
    return check_done();
}
