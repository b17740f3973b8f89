/* Tangled from chapters/13-user-mode.nw (with 14-processes.nw, 15-programs-from-a-ramdisk.nw). Edit the chapter, not this file. */
#ifndef USER_H
#define USER_H
#include <stdbool.h>
#include <stdint.h>
#include "interrupts.h"
#include "syscalls.h"

struct user_program {
    const char *name;
    const uint8_t *start, *end;     /* the flat binary, or the file */
    bool (*load)(const struct user_program *p);   /* NULL: a flat binary */
};

enum user_ending { USER_EXITED, USER_FAULTED, USER_NOT_STARTED, USER_KILLED, };

struct user_outcome {
    enum user_ending how;
    int64_t status;                 /* exit's argument, or the fault's vector */
};

struct running_program {
    uint64_t kernel_rsp;            /* where user_enter waits */
    uint64_t id;
    const struct user_program *program;
    uint64_t image_end;             /* the first address after the image */
    uint64_t entry;                 /* where the program starts */
    struct user_outcome outcome;
};

extern struct running_program *running;    /* the program on the processor now */

void user_init(void);
struct user_outcome user_run(const struct user_program *p, uint64_t argument);
uint64_t user_new_id(void);
bool user_load(const struct user_program *p);
void user_go(uint64_t argument, uint64_t stack_pointer);
void user_unload(void);
bool user_map(uint64_t start, uint64_t end, uint64_t flags);
#define USER_STACK_PAGES 4
#define USER_STACK_BOTTOM (USER_END - USER_STACK_PAGES * PAGE_SIZE)
_Noreturn void user_end(enum user_ending how, int64_t status);
extern void (*syscall_give_way)(void);  /* between pieces of a long call */
int64_t console_write_from_user(uint64_t address, uint64_t length);
extern int64_t (*user_output)(uint64_t address, uint64_t length);  /* write's */
const struct user_program *user_program_named(const char *name);
extern const struct user_program *(*user_programs_first)(const char *name);
void user_exception(struct interrupt_frame *frame);
void user_list_builtin(void);
#endif
