/* Tangled from chapters/14-processes.nw. Edit the chapter, not this file. */
#ifndef JOBS_H
#define JOBS_H
#include "future.h"

void jobs_init(void);
enum poll_result jobs_poll(struct waker waker);
void jobs_ps(char *args);
void jobs_kill(char *args);
#endif
