/* Tangled from chapters/17-acpi-and-the-apic.nw. Edit the chapter, not this file. */
#include "apic.h"
#include "console.h"
#include "device_memory.h"
#include "firmware.h"
#include "interrupt_flag.h"
#include "interrupts.h"
#include "irq.h"
#include "pic.h"
#include "timer.h"

enum {
    LAPIC_ID = 0x020, LAPIC_EOI = 0x0B0, LAPIC_SPURIOUS = 0x0F0,
    LAPIC_LVT_TIMER = 0x320, LAPIC_LVT_LINT0 = 0x350, LAPIC_TIMER_INITIAL = 0x380,
    LAPIC_TIMER_CURRENT = 0x390, LAPIC_TIMER_DIVIDE = 0x3E0,
};
#define LAPIC_ENABLE (1u << 8)
#define LVT_MASKED (1u << 16)
#define LVT_PERIODIC (1u << 17)
#define IOAPIC_VERSION 0x01
#define IOAPIC_REDIRECTION 0x10
#define IOAPIC_MAX_INPUTS 120           /* registers 0x10 to 0xFF, two an input */
#define REDIRECT_ACTIVE_LOW (1u << 13)
#define REDIRECT_LEVEL (1u << 15)
#define REDIRECT_MASKED (1u << 16)

static volatile uint32_t *local_apic;
static uint32_t counts_per_tick;

static uint32_t lapic_read(uint32_t offset)
{
    return local_apic[offset / 4];
}

static void lapic_write(uint32_t offset, uint32_t value)
{
    local_apic[offset / 4] = value;
}

static uint32_t ioapic_read(const struct io_apic *io, uint32_t reg)
{
    volatile uint32_t *base = (volatile uint32_t *)(uintptr_t)io->address;
    base[0] = reg;
    return base[4];
}

static void ioapic_write(const struct io_apic *io, uint32_t reg, uint32_t value)
{
    volatile uint32_t *base = (volatile uint32_t *)(uintptr_t)io->address;
    base[0] = reg;
    base[4] = value;
}

static uint32_t ioapic_inputs(const struct io_apic *io)
{
    uint32_t inputs = (ioapic_read(io, IOAPIC_VERSION) >> 16 & 0xFF) + 1;
    return inputs > IOAPIC_MAX_INPUTS ? IOAPIC_MAX_INPUTS : inputs;
}
static const struct io_apic *io_apic_for(uint32_t gsi)
{
    for (uint32_t i = 0; i < acpi.io_apic_count; i++) {
        const struct io_apic *io = &acpi.io_apics[i];
        if (gsi >= io->first_gsi && gsi - io->first_gsi < ioapic_inputs(io))
            return io;
    }
    return NULL;
}

static void ioapic_route(uint8_t irq, bool masked)
{
    uint16_t flags;
    uint32_t gsi = acpi_irq_to_gsi(&acpi, irq, &flags);
    const struct io_apic *io = io_apic_for(gsi);
    if (io == NULL) {
        kprintf("interrupts: no I/O APIC serves IRQ %u (GSI %u)\n", irq, gsi);
        return;
    }
    uint32_t entry = (uint32_t)(PIC_FIRST_VECTOR + irq);
    if ((flags & 3) == ACPI_ACTIVE_LOW)
        entry |= REDIRECT_ACTIVE_LOW;
    if ((flags & 0xC) == ACPI_LEVEL_TRIGGERED)
        entry |= REDIRECT_LEVEL;
    if (masked)
        entry |= REDIRECT_MASKED;
    uint32_t reg = IOAPIC_REDIRECTION + 2 * (gsi - io->first_gsi);
    ioapic_write(io, reg + 1, lapic_read(LAPIC_ID) & 0xFF000000u);
    ioapic_write(io, reg, entry);
}
static void apic_unmask(uint8_t irq)
{
    if (irq == 0) {
        lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | PIC_FIRST_VECTOR);
        lapic_write(LAPIC_TIMER_INITIAL, counts_per_tick);
    } else {
        ioapic_route(irq, false);
    }
}

static void apic_end_of_interrupt(uint8_t irq)
{
    (void)irq;
    lapic_write(LAPIC_EOI, 0);
}

static bool apic_is_spurious(uint8_t irq)
{
    (void)irq;
    return false;
}

static const struct interrupt_controller apic_controller = {
    "local APIC and I/O APIC", apic_unmask, apic_end_of_interrupt, apic_is_spurious,
};

static void apic_spurious(struct interrupt_frame *frame)
{
    (void)frame;                        /* no EOI: the APIC expects none */
}
#define CALIBRATION_TICKS 10

#define MIN_COUNTS_PER_TICK 1000

static uint64_t tick_wanted;

static bool tick_arrived(void)
{
    return timer_ticks() > tick_wanted;
}

static void wait_for_tick_after(uint64_t tick)
{
    tick_wanted = tick;
    while (!tick_arrived())
        wait_for_interrupt_unless(tick_arrived);
}

static void calibrate(void)
{
    lapic_write(LAPIC_TIMER_DIVIDE, 0x3);               /* bus clock / 16 */
    lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | PIC_FIRST_VECTOR);
    wait_for_tick_after(timer_ticks());
    uint64_t start = timer_ticks();
    lapic_write(LAPIC_TIMER_INITIAL, 0xFFFFFFFFu);
    wait_for_tick_after(start + CALIBRATION_TICKS - 1);
    uint32_t counted = 0xFFFFFFFFu - lapic_read(LAPIC_TIMER_CURRENT);
    lapic_write(LAPIC_TIMER_INITIAL, 0);                /* stop it */
    counts_per_tick = counted / CALIBRATION_TICKS;
}

uint32_t apic_timer_counts_per_tick(void)
{
    return counts_per_tick;
}
#define IA32_APIC_BASE 0x1Bu
#define APIC_BASE_ENABLED (1u << 11)
#define APIC_BASE_X2APIC (1u << 10)
#define CPUID_EDX_APIC (1u << 9)
#define APIC_BASE_ADDRESS 0x000FFFFFFFFFF000ull

static bool local_apic_usable(void)
{
    uint32_t a = 1, b, c = 0, d, low, high;
    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    if (!(d & CPUID_EDX_APIC))
        return false;
    __asm__ volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(IA32_APIC_BASE));
    uint64_t base = ((uint64_t)high << 32 | low) & APIC_BASE_ADDRESS;
    return (low & APIC_BASE_ENABLED) && !(low & APIC_BASE_X2APIC) &&
           base == acpi.local_apic;
}

static bool map_registers(void)
{
    if (!device_memory_map(acpi.local_apic, 4096, MEMORY_UNCACHEABLE))
        return false;
    for (uint32_t i = 0; i < acpi.io_apic_count; i++)
        if (!device_memory_map(acpi.io_apics[i].address, 4096, MEMORY_UNCACHEABLE))
            return false;
    local_apic = (volatile uint32_t *)(uintptr_t)acpi.local_apic;
    return true;
}

static void mask_everything_old(void)
{
    for (uint32_t i = 0; i < acpi.io_apic_count; i++)
        for (uint32_t n = 0; n < ioapic_inputs(&acpi.io_apics[i]); n++)
            ioapic_write(&acpi.io_apics[i], IOAPIC_REDIRECTION + 2 * n, REDIRECT_MASKED);
    for (uint8_t irq = 0; irq < 16; irq++)
        pic_mask(irq);
}
bool apic_start(void)
{
    const char *why = NULL;
    if (!acpi.has_madt)
        why = "no MADT";
    else if (acpi.io_apic_count == 0)
        why = "no I/O APIC in the MADT";
    else if (!local_apic_usable())
        why = "the local APIC is off, in x2APIC mode, or not where the MADT says";
    else if (!map_registers())
        why = "its registers cannot be mapped";
    if (why == NULL) {
        interrupt_register(APIC_SPURIOUS_VECTOR, apic_spurious);
        lapic_write(LAPIC_SPURIOUS, LAPIC_ENABLE | APIC_SPURIOUS_VECTOR);
        calibrate();
        if (counts_per_tick < MIN_COUNTS_PER_TICK) {
            counts_per_tick = 0;
            why = "the local APIC's timer does not count";
        }
    }
    if (why != NULL) {
        kprintf("interrupts: %s; staying on the 8259 PIC\n", why);
        return false;
    }
    uint64_t flags = interrupts_save_and_disable();
    mask_everything_old();
    lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
    irq_use_controller(&apic_controller);
    interrupts_restore(flags);
    kprintf("interrupts: local APIC timer at %d Hz (%u counts a tick); PIC masked\n",
            TIMER_HZ, counts_per_tick);
    return true;
}
