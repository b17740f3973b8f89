; Tangled from chapters/01-how-this-book-works.nw. Edit the chapter, not this file.
MB2_MAGIC        equ 0xE85250D6
MB2_ARCH_I386    equ 0

section .multiboot2
align 8
mb2_header:
        dd MB2_MAGIC
        dd MB2_ARCH_I386
        dd mb2_header_end - mb2_header
        dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
        dw 0, 0                 ; end tag: type 0, flags 0
        dd 8                    ;          size 8
mb2_header_end:

section .text
bits 32
global start
start:
        mov esp, boot_stack_top
        mov [boot_magic], eax
        mov [boot_info], ebx
        mov esi, msg_alive
        mov ah, GREY_ON_BLACK
        call boot_say
        ; each chapter that needs a 32-bit step appends it here
        cli
        .halt:  hlt
                jmp .halt

; boot_say: show the zero-terminated string at ESI on the next screen line,
; in the colour in AH, and send it with a newline to COM1.
boot_say:
        pushad
        mov edi, [boot_screen_line]
        add dword [boot_screen_line], 160       ; 80 cells of 2 bytes
        mov dx, COM1
.next:  lodsb
        test al, al
        jz .done
        mov [edi], ax                           ; character, then attribute
        add edi, 2
        out dx, al
        jmp .next
.done:  mov al, 10
        out dx, al
        popad
        ret
section .data
global boot_magic, boot_info
boot_magic:     dd 0
boot_info:      dd 0
COM1                    equ 0x3F8
VGA_TEXT                equ 0xB8000
GREY_ON_BLACK           equ 0x07
WHITE_ON_RED            equ 0x4F
boot_screen_line:       dd VGA_TEXT
msg_alive:              db "boot: GRUB started the kernel in 32-bit protected mode", 0
section .bss
align 16
boot_stack_bottom:
        resb 16384
boot_stack_top:
