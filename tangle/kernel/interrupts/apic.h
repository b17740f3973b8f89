/* Tangled from chapters/17-acpi-and-the-apic.nw. Edit the chapter, not this file. */
#ifndef APIC_H
#define APIC_H
#include <stdbool.h>
#include <stdint.h>

#define APIC_SPURIOUS_VECTOR 0xFF

bool apic_start(void);
uint32_t apic_timer_counts_per_tick(void);
#endif
