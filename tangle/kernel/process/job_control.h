/* Tangled from chapters/24-a-shell-of-its-own.nw. Edit the chapter, not this file. */
#ifndef JOB_CONTROL_H
#define JOB_CONTROL_H
#include <stdint.h>
void job_control_init(void);
void init_start(const char *command_line);  /* the first program, unless asked not to */
uint64_t job_foreground(void);              /* the job with the keyboard; 0: none */
#endif
