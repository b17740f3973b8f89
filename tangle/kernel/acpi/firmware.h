/* Tangled from chapters/17-acpi-and-the-apic.nw. Edit the chapter, not this file. */
#ifndef FIRMWARE_H
#define FIRMWARE_H
#include "acpi.h"

extern struct acpi_info acpi;
bool acpi_init(void);
#endif
