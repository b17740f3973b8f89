/* Tangled from chapters/18-descriptors-and-pipes.nw. Edit the chapter, not this file. */
#include "pipe.h"
#include "heap.h"
#include "interrupts.h"
#include "scheduler.h"
#include "syscalls.h"
#include "user_memory.h"

const char WAITING_PIPE[] = "pipe";

static void pipe_wait(struct pipe *p)           /* with interrupts off */
{
    if (current->killed && current->run.kernel_rsp != 0)
        user_end(USER_KILLED, 0);                /* killed on its way here */
    process_wait_on(p, WAITING_PIPE);
}

struct pipe *pipe_new(void)
{
    struct pipe *p = kmalloc(sizeof *p);
    if (p != NULL) {
        p->put = p->taken = 0;
        p->readers = p->writers = 1;
    }
    return p;
}

int64_t pipe_read(struct pipe *p, uint64_t buffer, uint64_t length)
{
    uint8_t piece[64];
    if (length > sizeof piece)
        length = sizeof piece;
    uint64_t n = 0, saved = interrupts_save_and_disable();
    while (p->put == p->taken && p->writers > 0 && length > 0)
        pipe_wait(p);
    while (n < length && p->taken != p->put)
        piece[n++] = p->data[p->taken++ % PIPE_SIZE];
    if (n > 0)
        process_wake_waiters(p);
    interrupts_restore(saved);
    copy_to_user(buffer, piece, n);
    return (int64_t)n;
}

int64_t pipe_write(struct pipe *p, uint64_t buffer, uint64_t length)
{
    uint8_t piece[64];
    uint64_t done = 0;
    while (done < length) {
        uint64_t n = length - done < sizeof piece ? length - done : sizeof piece;
        if (!copy_from_user(piece, buffer + done, n))
            return done > 0 ? (int64_t)done : -E_FAULT;
        uint64_t i = 0, saved = interrupts_save_and_disable();
        while (i < n) {
            while (p->put - p->taken == PIPE_SIZE && p->readers > 0)
                pipe_wait(p);
            if (p->readers == 0)
                break;
            while (i < n && p->put - p->taken < PIPE_SIZE)
                p->data[p->put++ % PIPE_SIZE] = piece[i++];
            process_wake_waiters(p);
        }
        interrupts_restore(saved);
        done += i;
        if (i < n)
            return done > 0 ? (int64_t)done : -E_PIPE;
    }
    return (int64_t)done;
}

void pipe_close(struct pipe *p, bool writer)
{
    uint64_t saved = interrupts_save_and_disable();
    if (writer)
        p->writers--;
    else
        p->readers--;
    process_wake_waiters(p);
    bool gone = p->readers == 0 && p->writers == 0;
    interrupts_restore(saved);
    if (gone)
        kfree(p);
}
