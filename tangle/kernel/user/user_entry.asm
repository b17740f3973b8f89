; Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file.
bits 64
section .text
global user_enter, user_leave
extern syscall_use_stack

user_enter:                     ; rdi: the iret frame, rsi: argument, rdx: kernel_rsp
        pushfq
        cli                     ; no interrupt may push onto the frame we go to
        push rbx
        push rbp
        push r12
        push r13
        push r14
        push r15
        mov [rdx], rsp          ; user_leave comes back here
        mov rbx, rdi            ; keep the frame and the argument across a call
        mov r12, rsi
        mov rdi, rsp            ; entries from ring 3 land below this point
        call syscall_use_stack
        mov rsp, rbx            ; the frame: RIP, CS, RFLAGS, RSP, SS
        mov rdi, r12
        xor eax, eax                    ; a 32-bit xor clears the whole 64-bit register
        xor ebx, ebx
        xor ecx, ecx
        xor edx, edx
        xor esi, esi
        xor ebp, ebp
        xor r8d, r8d
        xor r9d, r9d
        xor r10d, r10d
        xor r11d, r11d
        xor r12d, r12d
        xor r13d, r13d
        xor r14d, r14d
        xor r15d, r15d
        iretq

user_leave:                     ; rdi: the saved stack pointer, rsi: the value
        mov rsp, rdi
        mov rax, rsi
        pop r15
        pop r14
        pop r13
        pop r12
        pop rbp
        pop rbx
        popfq
        ret
global syscall_entry, syscall_kernel_stack
extern syscall_dispatch

section .bss
syscall_kernel_stack: resq 1    ; the top of the stack to use in a system call
syscall_user_rsp:     resq 1    ; the program's RSP, for two instructions

section .text
syscall_entry:
        mov [rel syscall_user_rsp], rsp
        mov rsp, [rel syscall_kernel_stack]
        push qword [rel syscall_user_rsp]
        push r11                ; the program's RFLAGS, saved by syscall
        push rcx                ; the program's RIP, saved by syscall
        push r15
        push r14
        push r13
        push r12
        push rbp
        push rbx
        push rax                        ; the system call's number
        push r9
        push r8
        push r10
        push rdx
        push rsi
        push rdi
        mov rdi, rsp            ; the frame is syscall_dispatch's argument
        sti
        call syscall_dispatch
        cli
        pop rdi
        pop rsi
        pop rdx
        pop r10
        pop r8
        pop r9
        pop rax                         ; the result, which C left in the frame
        pop rbx
        pop rbp
        pop r12
        pop r13
        pop r14
        pop r15
        pop rcx                 ; RIP, for sysret
        pop r11                 ; RFLAGS, for sysret
        pop rsp                 ; the program's stack, last
        o64 sysret
section .note.GNU-stack noalloc noexec nowrite progbits
