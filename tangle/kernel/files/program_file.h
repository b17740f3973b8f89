/* Tangled from chapters/24-a-shell-of-its-own.nw. Edit the chapter, not this file. */
#ifndef PROGRAM_FILE_H
#define PROGRAM_FILE_H
void program_file_init(void);   /* programs are looked up in /bin first */
#endif
