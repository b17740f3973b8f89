/* Tangled from chapters/13-user-mode.nw (with 14-processes.nw, 18-descriptors-and-pipes.nw, 23-files-for-programs.nw, 24-a-shell-of-its-own.nw, 22-a-file-system.nw). Edit the chapter, not this file. */
#ifndef ABI_SYSCALLS_H
#define ABI_SYSCALLS_H
/* The contract between the kernel and its programs: where programs live,
   which system calls exist, and what their errors mean. */

#define USER_START 0x0000100000000000ull    /* a program's first byte */
#define USER_END   0x0000200000000000ull    /* one past its last */

#define SYS_EXIT 0      /* exit(status): does not return */
#define SYS_WRITE 1     /* write(buffer, length): bytes written */
#define SYS_GETPID 2    /* getpid(): the program's number */
#define USER_ARGUMENTS_MAX 64   /* bytes of arguments, with the final 0 */
#define SYS_YIELD 3     /* yield(): 0 */
#define SYS_SLEEP 4     /* sleep(milliseconds): 0 */
#define SYS_READ 5      /* read(buffer, length): characters typed, at least 1 */
#define SYS_SPAWN 6     /* spawn(name, arguments): the new process's pid */
#define SYS_WAIT 7      /* wait(pid, struct ending *): pid */
#define SYS_KILL 8      /* kill(pid): 0 */
#define SLEEP_MAX_MS 86400000ull        /* a day */

/* How a process ended, as wait reports it. */
struct ending {
    int64_t how;        /* ENDED_* */
    int64_t status;     /* exit's argument, or the vector of the fault */
};
#define ENDED_EXIT 0
#define ENDED_FAULT 1
#define ENDED_NOT_STARTED 2
#define ENDED_KILLED 3
#define FD_MAX 16       /* descriptors a process may hold */
#define SYS_READ_FROM 9 /* read_from(fd, buffer, length): bytes read, 0 at the end */
#define SYS_WRITE_TO 10 /* write_to(fd, buffer, length): bytes written */
#define SYS_CLOSE 11    /* close(fd): 0 */
#define SYS_DUP 12      /* dup(fd): the new descriptor */
#define SYS_DUP2 13     /* dup2(fd, to): to */
#define SYS_PIPE 14     /* pipe(int64_t ends[2]): 0; ends[0] reads, ends[1] writes */
#define SYS_SPAWN_WITH 15 /* spawn_with(name, arguments, files, count): pid */
#define SYS_OPEN 16     /* open(path, flags): a descriptor */
#define SYS_MKDIR 17    /* mkdir(path): 0 */
#define SYS_REMOVE 18   /* remove(path): 0; a file, or an empty directory */
#define SYS_CHDIR 19    /* chdir(path): 0 */
#define SYS_STATUS 20   /* status(fd, struct file_status *): 0 */
#define SYS_LIST 21     /* list(fd, struct name *): 1, or 0 after the last */
#define OPEN_READ 1
#define OPEN_WRITE 2
#define OPEN_CREATE 4   /* make the file if it is not there */
#define OPEN_TRUNCATE 8 /* empty it first; needs OPEN_WRITE */
#define OPEN_APPEND 16  /* every write goes to the end; needs OPEN_WRITE */
#define PATH_MAX 128    /* bytes of a path, with its final 0 */
struct file_status {
    uint64_t inode;     /* its number in the file system */
    uint64_t size;      /* in bytes */
    uint32_t type;      /* STATUS_FILE or STATUS_DIRECTORY */
    uint32_t links;     /* names it has */
};
#define STATUS_FILE 1
#define STATUS_DIRECTORY 2
_Static_assert(sizeof(struct file_status) == 24, "no padding");

struct name {
    uint64_t inode;
    uint32_t type;      /* STATUS_FILE or STATUS_DIRECTORY */
    char text[28];      /* ends with a zero byte */
};
_Static_assert(sizeof(struct name) == 40, "no padding");
#define SYS_SPAWN_JOB 22    /* spawn_job(name, arguments, files, count, job): pid */
#define SYS_IGNORE_CTRL_C 23 /* ignore_ctrl_c(): 0; Ctrl-C no longer ends the caller */
#define SYS_PROCESSES 24    /* processes(struct process_entry *, count): entries */
#define SYS_MEMORY 25       /* memory(struct memory_counts *): 0 */
#define JOB_BACKGROUND (-1) /* spawn_job: a new job, without the keyboard */
#define JOB_FOREGROUND (-2) /* spawn_job: a new job, given the keyboard if the
                               caller has it; a pid > 0: join that job */

struct process_entry {
    uint64_t pid, parent, job;  /* parent: all ones once it has ended */
    uint32_t state;         /* PROCESS_ENTRY_READY ... PROCESS_ENTRY_ZOMBIE */
    uint32_t foreground;    /* 1: in the job that has the keyboard */
    char name[16];
    char waiting[8];        /* while blocked: what for ("read", "pipe", ...) */
};
_Static_assert(sizeof(struct process_entry) == 56, "no padding");
#define PROCESS_ENTRY_READY 1
#define PROCESS_ENTRY_RUNNING 2
#define PROCESS_ENTRY_BLOCKED 3
#define PROCESS_ENTRY_ZOMBIE 4

struct memory_counts {
    uint64_t frames_total, frames_free;     /* 4 KiB frames of memory */
    uint64_t heap_in_use, heap_free;        /* bytes of the kernel's heap */
    uint64_t processes, files_open;         /* files besides the console */
    uint64_t disk_blocks_free, disk_inodes_free;
};
_Static_assert(sizeof(struct memory_counts) == 64, "no padding");
#define E_NOSYS 1       /* no system call has this number */
#define E_FAULT 2       /* a pointer the program may not use */
#define E_INVAL 3       /* an argument out of range */
#define E_NOMEM 4       /* not enough memory */
#define E_LIMIT 5       /* the process table is full */
#define E_SRCH 6        /* no such process, or not yours to wait for */
#define E_NOENT 7       /* no program has this name */
#define E_PERM 8        /* not allowed: not yours to kill, or the kernel */
#define E_BACKGROUND 9  /* the keyboard belongs to another process */
#define E_BADF 10       /* not an open descriptor, or the wrong end of a pipe */
#define E_PIPE 11       /* a write to a pipe nobody can read any more */
#define E_NOFILE 12     /* no free descriptor in the process's table */
#define E_EXIST 13      /* a file of that name is already there */
#define E_NOTDIR 14     /* a name on the path is not a directory */
#define E_ISDIR 15      /* a directory where a file is needed */
#define E_NOSPC 16      /* no free block or inode, or the file is at its largest */
#define E_NAMETOOLONG 17 /* a name of more than 27 characters */
#define E_NOTEMPTY 18   /* a directory that still names files */
#define E_IO 19         /* the disk failed, or holds what the kernel refuses */
#endif
