/* Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file. */
#ifndef ABI_SYSCALLS_H
#define ABI_SYSCALLS_H
/* The contract between the kernel and its programs: where programs live,
   which system calls exist, and what their errors mean. */

#define USER_START 0x0000100000000000ull    /* a program's first byte */
#define USER_END   0x0000200000000000ull    /* one past its last */

#define SYS_EXIT 0      /* exit(status): does not return */
#define SYS_WRITE 1     /* write(buffer, length): bytes written */
#define SYS_GETPID 2    /* getpid(): the program's number */
#define E_NOSYS 1       /* no system call has this number */
#define E_FAULT 2       /* a pointer the program may not use */
#define E_INVAL 3       /* an argument out of range */
#endif
