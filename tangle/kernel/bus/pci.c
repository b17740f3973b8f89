/* Tangled from chapters/19-a-disk.nw. Edit the chapter, not this file. */
#include "pci.h"
#include "console.h"

#define CONFIG_ADDRESS 0xCF8
#define CONFIG_DATA 0xCFC

static inline void outl(uint16_t port, uint32_t value)
{
    __asm__ volatile("outl %0, %1" : : "a"(value), "Nd"(port));
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t value;
    __asm__ volatile("inl %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

static uint32_t config_address(uint8_t bus, uint8_t slot, uint8_t function,
                               uint8_t offset)
{
    return 0x80000000u | (uint32_t)bus << 16 | (uint32_t)slot << 11 |
           (uint32_t)function << 8 | (offset & 0xFCu);
}

static uint32_t config_read(uint8_t bus, uint8_t slot, uint8_t function,
                            uint8_t offset)
{
    outl(CONFIG_ADDRESS, config_address(bus, slot, function, offset));
    return inl(CONFIG_DATA);
}

uint32_t pci_read32(const struct pci_device *d, uint8_t offset)
{
    return config_read(d->bus, d->slot, d->function, offset);
}

uint16_t pci_read16(const struct pci_device *d, uint8_t offset)
{
    return (uint16_t)(pci_read32(d, offset) >> (offset & 2) * 8);
}

uint8_t pci_read8(const struct pci_device *d, uint8_t offset)
{
    return (uint8_t)(pci_read32(d, offset) >> (offset & 3) * 8);
}

struct pci_device pci_devices[PCI_MAX_DEVICES];
uint32_t pci_device_count;

static uint32_t not_remembered;

static void remember(uint8_t bus, uint8_t slot, uint8_t function)
{
    if (pci_device_count == PCI_MAX_DEVICES) {
        not_remembered++;
        return;
    }
    struct pci_device *d = &pci_devices[pci_device_count++];
    *d = (struct pci_device){.bus = bus, .slot = slot, .function = function};
    uint32_t id = pci_read32(d, PCI_ID), class = pci_read32(d, PCI_CLASS_WORD);
    d->vendor = (uint16_t)id;
    d->device = (uint16_t)(id >> 16);
    d->class_code = (uint8_t)(class >> 24);
    d->subclass = (uint8_t)(class >> 16);
    d->interface = (uint8_t)(class >> 8);
    d->irq_line = pci_read8(d, PCI_IRQ_LINE);
    d->irq_pin = pci_read8(d, PCI_IRQ_PIN);
}

static bool present(uint8_t bus, uint8_t slot, uint8_t function)
{
    return (config_read(bus, slot, function, PCI_ID) & 0xFFFF) != 0xFFFF;
}

static bool bus_found[256];
static uint8_t buses_to_walk[256];
static int buses_waiting;

static void walk_later(uint8_t bus)
{
    if (!bus_found[bus]) {
        bus_found[bus] = true;
        buses_to_walk[buses_waiting++] = bus;
    }
}

static void scan_function(uint8_t bus, uint8_t slot, uint8_t function)
{
    remember(bus, slot, function);
    uint32_t class = config_read(bus, slot, function, PCI_CLASS_WORD);
    if (class >> 16 == 0x0604)                  /* a bridge to another bus */
        walk_later((uint8_t)(config_read(bus, slot, function, PCI_BRIDGE_BUSES) >> 8));
}

static void scan_bus(uint8_t bus)
{
    for (uint8_t slot = 0; slot < 32; slot++) {
        if (!present(bus, slot, 0))
            continue;
        uint32_t word = config_read(bus, slot, 0, PCI_HEADER_TYPE_WORD);
        uint8_t functions = (word >> 16) & 0x80 ? 8 : 1;
        for (uint8_t f = 0; f < functions; f++)
            if (present(bus, slot, f))
                scan_function(bus, slot, f);
    }
}

void pci_init(void)
{
    walk_later(0);
    while (buses_waiting > 0)
        scan_bus(buses_to_walk[--buses_waiting]);
    kprintf("pci: %u devices\n", pci_device_count + not_remembered);
}

void pci_command(const struct pci_device *d, uint16_t set, uint16_t clear)
{
    uint16_t command = (uint16_t)((pci_read16(d, PCI_COMMAND) | set) & ~clear);
    outl(CONFIG_ADDRESS, config_address(d->bus, d->slot, d->function, PCI_COMMAND));
    outl(CONFIG_DATA, command);     /* zeros in the status half clear nothing */
}

uint64_t pci_bar_address(const struct pci_device *d, uint8_t bar)
{
    if (bar > 5)
        return 0;
    uint32_t low = pci_read32(d, (uint8_t)(PCI_BAR0 + 4 * bar));
    if (low & 1)
        return 0;                               /* an I/O-port range */
    uint64_t address = low & ~0xFull;
    if ((low & 6) == 4) {                       /* 64 bits: the next BAR is the top */
        if (bar == 5)
            return 0;                           /* a top half that does not exist */
        address |= (uint64_t)pci_read32(d, (uint8_t)(PCI_BAR0 + 4 * bar + 4)) << 32;
    }
    return address;
}

uint8_t pci_capability(const struct pci_device *d, uint8_t id, uint8_t after)
{
    if ((pci_read16(d, PCI_STATUS) & (1u << 4)) == 0)
        return 0;
    uint8_t at = pci_read8(d, after == 0 ? PCI_CAPABILITIES : (uint8_t)(after + 1));
    for (int steps = 0; at >= 0x40 && steps < 48; steps++) {
        at &= 0xFC;
        if (pci_read8(d, at) == id)
            return at;
        at = pci_read8(d, (uint8_t)(at + 1));
    }
    return 0;
}

static const char *class_name(uint8_t class_code)
{
    static const char *const names[] = {
        "unclassified", "storage", "network", "display", "multimedia", "memory",
        "bridge", "communication", "system", "input", "docking", "processor",
        "serial bus",
    };
    return class_code < sizeof names / sizeof names[0] ? names[class_code] : "other";
}

void pci_report(char *args)
{
    (void)args;
    kprintf("pci: %u devices\n", pci_device_count + not_remembered);
    for (uint32_t i = 0; i < pci_device_count; i++) {
        const struct pci_device *d = &pci_devices[i];
        kprintf("  %02x:%02x.%u %04x:%04x %02x.%02x ", d->bus, d->slot, d->function,
                d->vendor, d->device, d->class_code, d->subclass);
        if (d->irq_pin != 0)
            kprintf("irq %2u ", d->irq_line);
        else
            kprintf("irq  - ");
        kprintf("%s\n", class_name(d->class_code));
    }
    if (not_remembered != 0)
        kprintf("  and %u more the table has no room for\n", not_remembered);
}
