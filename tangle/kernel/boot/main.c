/* Tangled from chapters/02-from-grub-to-long-mode.nw (with 03-text-on-the-screen.nw, 04-testing-a-kernel.nw, 05-cpu-exceptions.nw, 06-double-faults.nw, 07-hardware-interrupts.nw, 08-physical-memory.nw, 09-paging.nw, 10-the-heap.nw, 11-async-tasks.nw, 13-user-mode.nw, 14-processes.nw, 15-programs-from-a-ramdisk.nw, 16-a-screen-on-any-pc.nw, 17-acpi-and-the-apic.nw, 18-descriptors-and-pipes.nw, 19-a-disk.nw, 20-a-buffer-cache.nw, 22-a-file-system.nw, 23-files-for-programs.nw, 24-a-shell-of-its-own.nw). Edit the chapter, not this file. */
#include <stdint.h>
#include "io.h"
#include "console.h"
#include "bootinfo.h"
#include "ktest.h"
#include "interrupts.h"
#include "gdt.h"
#include "irq.h"
#include "timer.h"
#include "keyboard.h"
#include "serial_input.h"
#include "pic.h"
#include "echo.h"
#include "memory.h"
#include "paging.h"
#include "heap.h"
#include "tasks.h"
#include "sleep.h"
#include "keystream.h"
#include "user.h"
#include "jobs.h"
#include "process.h"
#include "ramdisk.h"
#include "framebuffer_console.h"
#include "firmware.h"
#include "apic.h"
#include "hardware.h"
#include "file_syscalls.h"
#include "pci.h"
#include "virtio_blk.h"
#include "ram_disk.h"
#include "buffer.h"
#include "fs.h"
#include "file_system_calls.h"
#include "counters.h"
#include "job_control.h"
#include "program_file.h"

static void early_serial_byte(uint8_t byte)
{
    while ((inb(0x3F8 + 5) & 0x20) == 0)    /* line status: transmitter busy */
        ;
    outb(0x3F8, byte);
}

static void early_say(const char *message)
{
    volatile uint16_t *line = (volatile uint16_t *)0xB8000 + 80 * 2;

    for (int i = 0; message[i] != '\0'; i++) {
        line[i] = (uint16_t)(0x0A00 | (uint8_t)message[i]);   /* green on black */
        early_serial_byte((uint8_t)message[i]);
    }
    early_serial_byte('\n');
}

void kmain(uint32_t multiboot_magic, uint32_t multiboot_info)
{
    (void)multiboot_magic;
    (void)multiboot_info;
    early_say("kmain: 64-bit C code is running");
    console_init();
    console_set_colour(VGA_LIGHT_CYAN, VGA_BLACK);
    kprintf("Hello, reader! This is the kernel of \"A Kernel in Chapters\".\n");
    console_set_colour(VGA_LIGHT_GREY, VGA_BLACK);
    boot_information_read(multiboot_info);
    idt_init();
    exceptions_init();
    kprintf("interrupts: IDT loaded, 256 vectors\n");
    gdt_init();
    interrupt_use_stack(8, IST_DOUBLE_FAULT);
    kprintf("segments: GDT with a TSS loaded; double faults use IST %d\n", IST_DOUBLE_FAULT);
    irq_init();
    timer_init();
    keyboard_init();
    serial_input_init();
    interrupts_enable();
    kprintf("interrupts: PIC at vectors %d-%d, timer at %d Hz, keyboard on IRQ 1, "
            "COM1 on 4\n", PIC_FIRST_VECTOR, PIC_FIRST_VECTOR + 15, TIMER_HZ);
    memory_init();
    paging_init();
    paging_walk_report((uint64_t)(uintptr_t)kmain);
    heap_init();
    mem_report();
    timer_listen(sleep_tick);
    keyboard_listen(keystream_notify);
    serial_input_listen(keystream_notify);
    user_init();
    process_init();
    process_syscalls_init();
    jobs_init();
    ramdisk_init();
    framebuffer_console_start();
    acpi_init();
    apic_start();
    hardware_report(NULL);
    file_syscalls_init();
    pci_init();
    virtio_blk_init();
    ram_disk_init();
    buffer_init();
    fs_init();
    file_system_calls_init();
    program_file_init();
    job_control_init();
    counters_init();
    /* chapter 4 starts the test runner here */
    ktest_main(boot_information.command_line);
    /* chapter 24 starts init, the first program, here */
    init_start(boot_information.command_line);
    /* chapter 7 starts the keyboard loop here */
    kernel_work();
    for (;;)
        __asm__ volatile("hlt");
}
