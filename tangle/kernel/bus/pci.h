/* Tangled from chapters/19-a-disk.nw. Edit the chapter, not this file. */
#ifndef PCI_H
#define PCI_H
#include <stdbool.h>
#include <stdint.h>

#define PCI_MAX_DEVICES 32
#define PCI_ID 0x00                 /* vendor (low half), device (high half) */
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_CLASS_WORD 0x08         /* class, subclass, interface, revision */
#define PCI_HEADER_TYPE_WORD 0x0C   /* the header type is its third byte */
#define PCI_BAR0 0x10
#define PCI_BRIDGE_BUSES 0x18       /* a bridge's primary, secondary, last bus */
#define PCI_CAPABILITIES 0x34
#define PCI_IRQ_LINE 0x3C
#define PCI_IRQ_PIN 0x3D

struct pci_device {
    uint8_t bus, slot, function;
    uint16_t vendor, device;
    uint8_t class_code, subclass, interface;
    uint8_t irq_line, irq_pin;      /* pin 0: the function raises no interrupt */
};

extern struct pci_device pci_devices[PCI_MAX_DEVICES];
extern uint32_t pci_device_count;

void pci_init(void);
uint32_t pci_read32(const struct pci_device *d, uint8_t offset);
uint16_t pci_read16(const struct pci_device *d, uint8_t offset);
uint8_t pci_read8(const struct pci_device *d, uint8_t offset);
#define PCI_COMMAND_MEMORY (1u << 1)
#define PCI_COMMAND_BUS_MASTER (1u << 2)
#define PCI_COMMAND_NO_INTERRUPT (1u << 10)
void pci_command(const struct pci_device *d, uint16_t set, uint16_t clear);
uint64_t pci_bar_address(const struct pci_device *d, uint8_t bar);
uint8_t pci_capability(const struct pci_device *d, uint8_t id, uint8_t after);
void pci_report(char *args);
#endif
