/* Tangled from chapters/23-files-for-programs.nw. Edit the chapter, not this file. */
#ifndef FILE_SYSTEM_CALLS_H
#define FILE_SYSTEM_CALLS_H
void file_system_calls_init(void);
#endif
