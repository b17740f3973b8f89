/* Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file. */
#ifndef USER_ENTRY_H
#define USER_ENTRY_H
#include <stdint.h>

struct iret_frame {
    uint64_t rip, cs, rflags, rsp, ss;
};

uint64_t user_enter(const struct iret_frame *frame, uint64_t argument,
                    uint64_t *kernel_rsp);
_Noreturn void user_leave(uint64_t kernel_rsp, uint64_t value);
extern char syscall_entry[];
extern uint64_t syscall_kernel_stack;
#endif
