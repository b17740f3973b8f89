/* Tangled from chapters/14-processes.nw. Edit the chapter, not this file. */
#ifndef SCHEDULER_H
#define SCHEDULER_H
#include <stdbool.h>
#include <stdint.h>
#include "process.h"

#define TIME_SLICE_TICKS 2      /* 20 ms at TIMER_HZ = 100: the one place */

void context_switch(uint64_t *save_rsp, uint64_t next_rsp);
uint64_t thread_first_stack(uint8_t *stack, uint64_t size, void (*entry)(void));
void scheduler_init(struct process *first);
void scheduler_make_ready(struct process *p);
void scheduler_block(const char *reason);
_Noreturn void scheduler_leave(void (*release)(struct process *p));
void scheduler_yield(void);
bool scheduler_has_ready(void);
void scheduler_after_switch(void);
extern struct process *current;         /* the thread on the processor now */
#endif
