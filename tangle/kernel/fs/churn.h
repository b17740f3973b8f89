/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#ifndef CHURN_H
#define CHURN_H
void churn_command(char *args);
#endif
