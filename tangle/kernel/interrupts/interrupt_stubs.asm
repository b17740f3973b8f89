; Tangled from chapters/05-cpu-exceptions.nw. Edit the chapter, not this file.
bits 64
section .text
extern interrupt_dispatch

%macro interrupt_stub 1
interrupt_stub_%1:
%if %1 == 8 || (%1 >= 10 && %1 <= 14) || %1 == 17 || %1 == 21 || %1 == 29 || %1 == 30
        ; the processor pushed an error code
%else
        push 0
%endif
        push %1
        jmp interrupt_common
%endmacro

%assign vector 0
%rep 256
interrupt_stub vector
%assign vector vector + 1
%endrep

interrupt_common:
        push rax
        push rbx
        push rcx
        push rdx
        push rsi
        push rdi
        push rbp
        push r8
        push r9
        push r10
        push r11
        push r12
        push r13
        push r14
        push r15
        mov rdi, rsp
        push qword 2            ; RFLAGS = 2: every flag clear (bit 1 is always set)
        popfq
        call interrupt_dispatch
        pop r15
        pop r14
        pop r13
        pop r12
        pop r11
        pop r10
        pop r9
        pop r8
        pop rbp
        pop rdi
        pop rsi
        pop rdx
        pop rcx
        pop rbx
        pop rax
        add rsp, 16             ; the vector and the error code
        iretq
section .rodata
global interrupt_stub_table
interrupt_stub_table:
%assign vector 0
%rep 256
        dq interrupt_stub_%[vector]
%assign vector vector + 1
%endrep
section .note.GNU-stack noalloc noexec nowrite progbits
