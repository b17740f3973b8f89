/* Tangled from chapters/11-async-tasks.nw. Edit the chapter, not this file. */
#ifndef ECHO_TASK_H
#define ECHO_TASK_H
#include "keystream.h"

struct echo_task {
    struct future base;
    struct key_future key;
    unsigned length, dropped_seen;
};

void echo_task_init(struct echo_task *e);
#endif
