/* Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file. */
#ifndef SYSCALL_H
#define SYSCALL_H
#include <stdint.h>
#include "syscalls.h"

struct syscall_frame {
    uint64_t rdi, rsi, rdx, r10, r8, r9;    /* the arguments */
    uint64_t rax;                           /* the number in, the result out */
    uint64_t rbx, rbp, r12, r13, r14, r15;
    uint64_t rip, rflags, rsp;              /* from RCX, R11 and the program */
};

typedef int64_t (*syscall_handler)(struct syscall_frame *frame);
#define SYSCALL_LIMIT 32        /* room for every chapter's calls */

void syscall_init(void (*end_program_at)(uint64_t rip));
void syscall_register(uint64_t number, syscall_handler handler);
void syscall_dispatch(struct syscall_frame *frame);
void syscall_use_stack(uint64_t top);
#endif
