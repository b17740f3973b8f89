/* Tangled from chapters/11-async-tasks-and-a-shell.nw. Edit the chapter, not this file. */
#ifndef TASKS_H
#define TASKS_H
#include "future.h"

struct task *spawn(struct future *f, const char *name);
_Noreturn void tasks_start(void);
#endif
