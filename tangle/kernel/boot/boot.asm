; Tangled from chapters/01-how-this-book-works.nw (with 16-a-screen-on-any-pc.nw, 02-from-grub-to-long-mode.nw, 04-testing-a-kernel.nw, 05-cpu-exceptions.nw). Edit the chapter, not this file.
MB2_MAGIC        equ 0xE85250D6
MB2_ARCH_I386    equ 0

section .multiboot2
align 8
mb2_header:
        dd MB2_MAGIC
        dd MB2_ARCH_I386
        dd mb2_header_end - mb2_header
        dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
        ; none yet: chapter 16 asks for a framebuffer here
                dw 5, 1                 ; framebuffer tag: type 5, flags 1 (optional)
                dd 20                   ;   size
                dd 1024, 768, 32        ;   width, height and depth we would like
                dd 0                    ;   padding: the next tag starts 8-byte aligned
        dw 0, 0                 ; end tag: type 0, flags 0
        dd 8                    ;          size 8
mb2_header_end:

section .text
bits 32
global start
start:
        cld                             ; string instructions count upwards
        mov esp, boot_stack_top
        mov [boot_magic], eax
        mov [boot_info], ebx
        mov dx, COM1 + UART_LINE_CONTROL
        mov al, 0
        out dx, al                              ; DLAB off: offset 1 is interrupt enable
        mov dx, COM1 + UART_INTERRUPTS
        out dx, al                              ; no interrupts from the port
        mov dx, COM1 + UART_LINE_CONTROL
        mov al, UART_DLAB
        out dx, al                              ; the next two bytes are the divisor
        mov dx, COM1 + UART_DATA
        mov al, 1
        out dx, al                              ; divisor 1: 115200 baud
        mov dx, COM1 + UART_INTERRUPTS
        mov al, 0
        out dx, al                              ; divisor, high byte
        mov dx, COM1 + UART_LINE_CONTROL
        mov al, UART_8N1
        out dx, al                              ; 8 data bits, no parity, 1 stop bit
        mov dx, COM1 + UART_FIFO
        mov al, 0xC7
        out dx, al                              ; FIFOs on and cleared
        mov dx, COM1 + UART_MODEM_CONTROL
        mov al, 0x03
        out dx, al                              ; DTR and RTS
        mov esi, [first_words]
        mov ah, GREY_ON_BLACK
        call boot_say
        ; chapter 2 appends the steps into long mode here
        call check_multiboot2_magic
        call check_cpuid_exists
        call check_cpu_supports_long_mode
        call build_boot_page_tables
        call enable_paging_and_long_mode
        lgdt [gdt64_pointer]
        jmp KERNEL_CS:long_mode_start
        cli
        .halt:  hlt
                jmp .halt

; boot_say: show the zero-terminated string at ESI on the next screen line,
; in the colour in AH, and send it with a newline to COM1.
boot_say:
        pushad
        mov edi, [boot_screen_line]
        add dword [boot_screen_line], 160       ; 80 cells of 2 bytes
.next:  lodsb
        test al, al
        jz .done
        mov [edi], ax                           ; character, then attribute
        add edi, 2
        call serial_send
        jmp .next
.done:  mov al, 10
        call serial_send
        popad
        ret

; serial_send: send the byte in AL to COM1 once the transmitter has room.
serial_send:
        push edx
        push eax
        mov dx, COM1 + UART_LINE_STATUS
.wait:  in al, dx
        test al, UART_TRANSMIT_READY
        jz .wait
        pop eax
        mov dx, COM1 + UART_DATA
        out dx, al
        pop edx
        ret
; boot_fail: show the message at ESI in white on red, then stop for good.
boot_fail:
        mov ah, WHITE_ON_RED
        call boot_say
        cli
        .halt:  hlt
                jmp .halt
MB2_LOADER_MAGIC equ 0x36D76289

check_multiboot2_magic:
        cmp dword [boot_magic], MB2_LOADER_MAGIC
        jne .fail
        ret
.fail:  mov esi, msg_no_multiboot2
        jmp boot_fail
EFLAGS_ID equ 1 << 21

check_cpuid_exists:
        pushfd
        pop eax
        mov ecx, eax                    ; the flags as they were
        xor eax, EFLAGS_ID
        push eax
        popfd                           ; try to flip ID
        pushfd
        pop eax                         ; read what stuck
        push ecx
        popfd                           ; restore the original flags
        cmp eax, ecx
        je .fail                        ; ID did not change: no CPUID
        ret
.fail:  mov esi, msg_no_cpuid
        jmp boot_fail
CPUID_MAX_EXTENDED   equ 0x80000000
CPUID_EXT_FEATURES   equ 0x80000001
CPUID_EDX_LONG_MODE  equ 1 << 29

check_cpu_supports_long_mode:
        mov eax, CPUID_MAX_EXTENDED
        cpuid
        cmp eax, CPUID_EXT_FEATURES
        jb .fail
        mov eax, CPUID_EXT_FEATURES
        cpuid
        test edx, CPUID_EDX_LONG_MODE
        jz .fail
        ret
.fail:  mov esi, msg_no_long_mode
        jmp boot_fail
PAGE_PRESENT    equ 1 << 0
PAGE_WRITABLE   equ 1 << 1
PAGE_HUGE       equ 1 << 7

build_boot_page_tables:
        mov eax, boot_pdpt
        or eax, PAGE_PRESENT | PAGE_WRITABLE
        mov [boot_pml4], eax
        mov eax, boot_pd
        or eax, PAGE_PRESENT | PAGE_WRITABLE
        mov [boot_pdpt], eax
        xor ecx, ecx
.map_2mib:
        mov eax, ecx
        shl eax, 21
        or eax, PAGE_PRESENT | PAGE_WRITABLE | PAGE_HUGE
        mov [boot_pd + ecx * 8], eax
        inc ecx
        cmp ecx, 512
        jne .map_2mib
        ret
CR4_PAE         equ 1 << 5
EFER_MSR        equ 0xC0000080
EFER_LME        equ 1 << 8
CR0_PG          equ 1 << 31

enable_paging_and_long_mode:
        mov eax, boot_pml4
        mov cr3, eax
        mov eax, cr4
        or eax, CR4_PAE
        mov cr4, eax
        mov ecx, EFER_MSR
        rdmsr
        or eax, EFER_LME
        wrmsr
        mov eax, cr0
        or eax, CR0_PG
        mov cr0, eax
        ret
section .note.pvh note alloc noexec nowrite
align 4
        dd 4                            ; size of the owner's name
        dd 4                            ; size of the payload
        dd 18                           ; XEN_ELFNOTE_PHYS32_ENTRY
        db "Xen", 0
        dd pvh_start                    ; the payload: where to enter
section .text
PVH_MAGIC               equ 0x336EC578
PVH_CMDLINE             equ 24
PVH_MEMMAP              equ 40
PVH_MEMMAP_ENTRIES      equ 48

pvh_start:
        cld
        mov esp, boot_stack_top
        xor eax, eax                    ; not a Multiboot2 magic number...
        cmp dword [ebx], PVH_MAGIC
        jne .enter                      ; ...so start will refuse, with a message
        call pvh_build_information
        mov dword [first_words], msg_pvh_alive
        mov eax, MB2_LOADER_MAGIC
        mov ebx, pvh_information
.enter: jmp start
PVH_STRING_MAX          equ 1024

; pvh_string_tag: write a tag of type EAX holding the string at ESI, at EDI.
pvh_string_tag:
        mov edx, edi                    ; where the tag starts
        stosd                           ; type
        add edi, 4                      ; size, written below
        mov ecx, PVH_STRING_MAX
.copy:  lodsb
        stosb
        test al, al
        loopnz .copy
        mov byte [edi - 1], 0           ; ends in a zero, even when cut short
        ; fall through: finish the tag that starts at EDX
pvh_finish_tag:
        mov eax, edi
        sub eax, edx
        mov [edx + 4], eax              ; the tag's size, padding not counted
        add edi, 7
        and edi, ~7                     ; the next tag starts 8-byte aligned
        ret
PVH_MAX_REGIONS         equ 80

pvh_build_information:
        mov edi, pvh_information + 8    ; after the total size and a reserved word
        mov esi, [ebx + PVH_CMDLINE]
        mov eax, 1                      ; tag 1: the command line
        test esi, esi
        jz .name
        call pvh_string_tag
.name:  mov esi, msg_pvh_loader
        mov eax, 2                      ; tag 2: the boot loader's name
        call pvh_string_tag
        mov edx, edi
        mov dword [edi], 6              ; tag 6: the memory map
        mov dword [edi + 8], 24         ; entry size
        mov dword [edi + 12], 0         ; entry version
        add edi, 16
        mov esi, [ebx + PVH_MEMMAP]
        mov ecx, [ebx + PVH_MEMMAP_ENTRIES]
        cmp dword [ebx + 4], 1          ; version 0 has no memory map
        jae .count
        xor ecx, ecx
.count: cmp ecx, PVH_MAX_REGIONS
        jbe .copy
        mov ecx, PVH_MAX_REGIONS
.copy:  imul ecx, ecx, 24
        rep movsb
        call pvh_finish_tag
        mov dword [edi], 0              ; the end tag: type 0, size 8
        mov dword [edi + 4], 8
        add edi, 8
        sub edi, pvh_information
        mov [pvh_information], edi      ; the total size
        ret
; chapter 2 adds the code that runs after the switch to long mode here
section .text
bits 64
extern kmain
long_mode_start:
        mov ax, KERNEL_DS
        mov ds, ax
        mov es, ax
        mov ss, ax
        xor eax, eax
        mov fs, ax
        mov gs, ax
        mov rsp, boot_stack_top
        mov edi, [boot_magic]
        mov esi, [boot_info]
        call kmain
        cli
        .halt:  hlt
                jmp .halt
section .data
global boot_magic, boot_info
boot_magic:     dd 0
boot_info:      dd 0
COM1                    equ 0x3F8
UART_DATA               equ 0
UART_INTERRUPTS         equ 1
UART_FIFO               equ 2
UART_LINE_CONTROL       equ 3
UART_MODEM_CONTROL      equ 4
UART_LINE_STATUS        equ 5
UART_DLAB               equ 0x80
UART_8N1                equ 0x03
UART_TRANSMIT_READY     equ 0x20
VGA_TEXT                equ 0xB8000
GREY_ON_BLACK           equ 0x07
WHITE_ON_RED            equ 0x4F
boot_screen_line:       dd VGA_TEXT
msg_alive:              db "boot: GRUB started the kernel in 32-bit protected mode", 0
first_words:            dd msg_alive
msg_no_multiboot2:  db "boot error: not started by a Multiboot2 loader (bad EAX)", 0
msg_no_cpuid:       db "boot error: this CPU has no CPUID instruction", 0
msg_no_long_mode:   db "boot error: this CPU does not support 64-bit long mode", 0
section .rodata
align 8
GDT_PRESENT     equ 1 << 47
GDT_USER_SEG    equ 1 << 44
GDT_EXECUTABLE  equ 1 << 43
GDT_READ_WRITE  equ 1 << 41
GDT_LONG_MODE   equ 1 << 53
gdt64:
        dq 0
gdt64_code:
        dq GDT_PRESENT | GDT_USER_SEG | GDT_EXECUTABLE | GDT_READ_WRITE | GDT_LONG_MODE
gdt64_data:
        dq GDT_PRESENT | GDT_USER_SEG | GDT_READ_WRITE
gdt64_end:
KERNEL_CS       equ gdt64_code - gdt64
KERNEL_DS       equ gdt64_data - gdt64
gdt64_pointer:
        dw gdt64_end - gdt64 - 1
        dq gdt64
msg_pvh_alive:  db "boot: QEMU started the kernel (PVH entry) in 32-bit protected mode", 0
msg_pvh_loader: db "QEMU (PVH entry of chapter 4)", 0
section .note.GNU-stack noalloc noexec nowrite progbits
section .bss
align 4096
global boot_stack_guard
boot_stack_guard:
        resb 4096
boot_stack_bottom:
        resb 16384
boot_stack_top:
section .bss
align 4096
boot_pml4:      resb 4096
boot_pdpt:      resb 4096
boot_pd:        resb 4096
section .bss
align 8
pvh_information: resb 8 + 2 * (8 + PVH_STRING_MAX + 8) + 16 + 24 * PVH_MAX_REGIONS + 8
