/* Tangled from chapters/24-a-shell-of-its-own.nw. Edit the chapter, not this file. */
#include "user.h"

static void say_how_it_ended(const struct ending *e)
{
    if (e->how == ENDED_EXIT)
        printf("init: sh ended (status %lld); starting another\n", (long long)e->status);
    else
        printf("init: sh %s; starting another\n", e->how == ENDED_KILLED ? "was killed"
                                                   : e->how == ENDED_FAULT ? "faulted"
                                                   : "did not start");
}

int main(uint64_t argument)
{
    (void)argument;
    ignore_ctrl_c();
    for (;;) {
        struct ending e;
        int64_t pid = spawn_job("sh", "", NULL, 0, JOB_FOREGROUND);
        if (pid < 0) {
            printf_to(2, "init: cannot start sh: %s\n", error_text(pid));
            sleep(1000);
            continue;
        }
        if (wait(pid, &e) == pid)
            say_how_it_ended(&e);
        sleep(100);
    }
}
