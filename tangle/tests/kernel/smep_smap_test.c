/* Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file. */
#include "ktest.h"
#include "interrupts.h"
#include "memory.h"
#include "paging.h"
#include "user.h"
#include "user_memory.h"

static volatile uint64_t faults, last_error;
static uint64_t resume_at;
extern char smap_read_done[];               /* a label in the read below */

static void note_fault(struct interrupt_frame *frame)
{
    faults++;
    last_error = frame->error_code;
    if (resume_at != 0) {
        frame->rip = resume_at;             /* after the faulting read */
    } else {
        frame->rip = *(uint64_t *)frame->rsp;   /* return from the call */
        frame->rsp += 8;
    }
}

static void with_a_program_page(void)
{
    KEXPECT(user_map(USER_START, USER_START + PAGE_SIZE, 0));
    KEXPECT(copy_to_user(USER_START, "\xC3", 1));     /* ret */
    faults = 0;
    interrupt_register(14, note_fault);
}

static void without_it(void)
{
    interrupt_register(14, user_exception);
    uint64_t frame;
    if (page_unmap(paging_current_pml4(), USER_START, &frame) == MAP_OK)
        kernel_frame_free(frame);
}

KTEST(smap_stops_the_kernel_reading_program_memory)
{
    uint8_t value = 0;
    with_a_program_page();
    resume_at = (uint64_t)(uintptr_t)smap_read_done;
    __asm__ volatile("movb (%1), %0\n\t"
                     ".globl smap_read_done\n"
                     "smap_read_done:"
                     : "+q"(value) : "r"(USER_START) : "memory");
    resume_at = 0;
    without_it();
    if (smap_on)
        KEXPECT(faults == 1 && (last_error & 1) && !(last_error & 2));
    else
        KEXPECT(faults == 0 && value == 0xC3);
}

KTEST(smep_stops_the_kernel_running_program_code)
{
    with_a_program_page();
    ((void (*)(void))(uintptr_t)USER_START)();
    without_it();
    if (smep_on)
        KEXPECT(faults == 1 && (last_error & 1) && (last_error & 16));
    else
        KEXPECT(faults == 0);
}
