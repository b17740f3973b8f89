/* Tangled from chapters/11-async-tasks.nw. Edit the chapter, not this file. */
#ifndef TASKS_H
#define TASKS_H
#include "future.h"

struct task *spawn(struct future *f, const char *name);
void start_keyboard_task(void);
#endif
