/* Tangled from chapters/13-user-mode.nw (with 14-processes.nw). Edit the chapter, not this file. */
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

void syscall_init(void);
void syscall_dispatch(struct syscall_frame *frame);
void syscall_use_stack(uint64_t top);
int64_t sys_exit(struct syscall_frame *frame);
int64_t sys_write(struct syscall_frame *frame);
int64_t sys_getpid(struct syscall_frame *frame);
int64_t sys_yield(struct syscall_frame *frame);
int64_t sys_sleep(struct syscall_frame *frame);
int64_t sys_read(struct syscall_frame *frame);
int64_t sys_spawn(struct syscall_frame *frame);
int64_t sys_wait(struct syscall_frame *frame);
int64_t sys_kill(struct syscall_frame *frame);
#endif
