/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#ifndef FS_COMMANDS_H
#define FS_COMMANDS_H
void fs_ls_command(char *args);
void fs_cat_command(char *args);
void fs_mkdir_command(char *args);
void fs_rm_command(char *args);
void fs_write_command(char *args);
void fs_df_command(char *args);
#endif
