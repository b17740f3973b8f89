/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#ifndef FS_COMMANDS_H
#define FS_COMMANDS_H
void fs_command(char *args);
#endif
