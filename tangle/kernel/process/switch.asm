; Tangled from chapters/14-processes.nw. Edit the chapter, not this file.
; context_switch(uint64_t *save_rsp, uint64_t next_rsp)
bits 64
section .text
global context_switch

context_switch:
        pushfq                  ; the flags: whether interrupts were on
        push rbx
        push rbp
        push r12
        push r13
        push r14
        push r15
        mov [rdi], rsp          ; the thread that stops: all it is, is here
        mov rsp, rsi            ; the thread that resumes
        pop r15
        pop r14
        pop r13
        pop r12
        pop rbp
        pop rbx
        popfq
        ret                     ; into the resumed thread's call of context_switch
section .note.GNU-stack noalloc noexec nowrite progbits
