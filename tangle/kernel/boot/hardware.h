/* Tangled from chapters/17-acpi-and-the-apic.nw. Edit the chapter, not this file. */
#ifndef HARDWARE_H
#define HARDWARE_H

void hardware_report(char *args);
#endif
