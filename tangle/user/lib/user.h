/* Tangled from chapters/13-user-mode.nw (with 14-processes.nw, 15-programs-from-a-ramdisk.nw, 18-descriptors-and-pipes.nw, 23-files-for-programs.nw, 24-a-shell-of-its-own.nw). Edit the chapter, not this file. */
#ifndef USER_LIB_H
#define USER_LIB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "syscalls.h"
/* A program is one file with no shared libraries: every symbol is its own. */
#pragma GCC visibility push(hidden)

int main(uint64_t argument);
int64_t write(const void *buffer, uint64_t length);
_Noreturn void exit(int64_t status);
int64_t getpid(void);
size_t strlen(const char *s);
void write_string(const char *s);
void write_decimal(uint64_t value);
int64_t yield(void);
int64_t sleep(uint64_t milliseconds);
int64_t read(void *buffer, uint64_t length);
int64_t spawn(const char *name, const char *arguments);
int64_t wait(int64_t pid, struct ending *ending);
int64_t kill(int64_t pid);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int split_words(char *line, char *words[], int max);
int64_t read_from(int64_t fd, void *buffer, uint64_t length);
int64_t write_to(int64_t fd, const void *buffer, uint64_t length);
int64_t close(int64_t fd);
int64_t dup(int64_t fd);
int64_t dup2(int64_t fd, int64_t to);
int64_t pipe(int64_t ends[2]);
int64_t spawn_with(const char *name, const char *arguments, const int64_t *files,
                   uint64_t count);
int64_t open(const char *path, uint64_t flags);
int64_t mkdir(const char *path);
int64_t remove(const char *path);
int64_t chdir(const char *path);
int64_t status(int64_t fd, struct file_status *s);
int64_t list(int64_t fd, struct name *n);
int printf_to(int64_t fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *error_text(int64_t error);
int64_t spawn_job(const char *name, const char *arguments, const int64_t *files,
                  uint64_t count, int64_t job);
int64_t ignore_ctrl_c(void);
int64_t processes(struct process_entry *entries, uint64_t count);
int64_t memory(struct memory_counts *counts);
int strcmp(const char *a, const char *b);
bool parse_decimal(const char *s, int64_t *value);
#pragma GCC visibility pop
#endif
