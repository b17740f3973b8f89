/* Tangled from chapters/17-acpi-and-the-apic.nw. Edit the chapter, not this file. */
#include "hardware.h"
#include "bootinfo.h"
#include "console.h"
#include "apic.h"
#include "firmware.h"
#include "io.h"
#include "irq.h"
#include "timer.h"

static void cpuid(uint32_t leaf, uint32_t subleaf, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(subleaf));
}

static const struct feature {
    const char *name;
    uint32_t leaf;
    uint8_t reg, bit;                   /* reg: 0 EAX, 1 EBX, 2 ECX, 3 EDX */
} features[] = {
    {"APIC", 1, 3, 9}, {"PAT", 1, 3, 16}, {"XSAVE", 1, 2, 26}, {"SMEP", 7, 1, 7},
    {"SMAP", 7, 1, 20}, {"UMIP", 7, 2, 2}, {"NX", 0x80000001u, 3, 20},
};

static void print_processor(void)
{
    uint32_t r[4], name[13] = {0};
    cpuid(0x80000000u, 0, r);
    if (r[0] >= 0x80000004u)
        for (uint32_t i = 0; i < 3; i++)
            cpuid(0x80000002u + i, 0, name + 4 * i);
    const char *text = (const char *)name;
    while (*text == ' ')
        text++;
    kprintf("cpu:       %s\n           features:", text[0] ? text : "(no name)");
    cpuid(0, 0, r);
    uint32_t max_leaf = r[0];
    for (size_t i = 0; i < sizeof features / sizeof features[0]; i++) {
        const struct feature *f = &features[i];
        if (f->leaf < 0x80000000u && f->leaf > max_leaf)
            continue;
        cpuid(f->leaf, 0, r);
        kprintf(" %s%s", r[f->reg] >> f->bit & 1 ? "" : "no ", f->name);
    }
    kprintf("\n");
}
void hardware_report(char *args)
{
    (void)args;
    const struct boot_info *b = &boot_information;
    const struct mb2_framebuffer *f = &b->framebuffer;
    kprintf("firmware:  %s, loaded by %s\n", b->efi ? "UEFI" : "BIOS",
            b->loader_name[0] ? b->loader_name : "(not given)");
    print_processor();
    kprintf("memory:    %llu MiB usable\n",
            (unsigned long long)(boot_info_usable_bytes(b) >> 20));
    kprintf("acpi:      ");
    if (b->rsdp == NULL || acpi.table_count == 0)
        kprintf("none\n");
    for (uint32_t i = 0; i < acpi.table_count; i++)
        kprintf("%s%s", acpi.tables[i], i + 1 < acpi.table_count ? " " : "\n");
    kprintf("cpus:      %u in the MADT%s\n", acpi.cpu_count,
            acpi.has_8259 ? ", and a pair of 8259 PICs" : "");
    if (b->has_framebuffer && f->type == MB2_FRAMEBUFFER_RGB)
        kprintf("display:   framebuffer %u x %u x %u\n", f->width, f->height,
                f->bits_per_pixel);
    else
        kprintf("display:   VGA text\n");
    kprintf("irqs:      %s; timer at %d Hz", irq_controller_name(), TIMER_HZ);
    if (apic_timer_counts_per_tick() != 0)
        kprintf(", %u APIC counts a tick", apic_timer_counts_per_tick());
    kprintf("\n");
    kprintf("keyboard:  %s\n", acpi.no_8042 ? "none (the FADT says no 8042)"
                               : inb(0x64) == 0xFF ? "no PS/2 controller answers"
                               : "PS/2 controller");
}
