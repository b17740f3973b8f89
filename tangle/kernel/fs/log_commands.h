/* Tangled from chapters/21-a-log.nw. Edit the chapter, not this file. */
#ifndef LOG_COMMANDS_H
#define LOG_COMMANDS_H
void log_transactions_command(char *args);
void log_check_command(char *args);
#endif
