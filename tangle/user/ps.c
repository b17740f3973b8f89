/* Tangled from chapters/24-a-shell-of-its-own.nw. Edit the chapter, not this file. */
#include "user.h"

#define PROCESSES_MAX 32        /* the kernel's PROCESS_MAX */

/* Copies at most size - 1 bytes of from, then a 0; returns the end. */
static char *copy_text(char *to, const char *from, uint64_t size)
{
    uint64_t i = 0;
    for (; i + 1 < size && from[i] != '\0'; i++)
        to[i] = from[i];
    to[i] = '\0';
    return to + i;
}

/* The state as a word, with what a blocked process waits for: "blocked:read". */
static void state_word(const struct process_entry *e, char *text, uint64_t size)
{
    static const char *const words[] = {
        [PROCESS_ENTRY_READY] = "ready", [PROCESS_ENTRY_RUNNING] = "running",
        [PROCESS_ENTRY_BLOCKED] = "blocked", [PROCESS_ENTRY_ZOMBIE] = "zombie",
    };
    const char *word = e->state < sizeof words / sizeof words[0] &&
                       words[e->state] != NULL ? words[e->state] : "unknown";
    char *end = copy_text(text, word, size);
    if (e->state == PROCESS_ENTRY_BLOCKED && e->waiting[0] != '\0') {
        end = copy_text(end, ":", size - (uint64_t)(end - text));
        copy_text(end, e->waiting, sizeof e->waiting + 1);
    }
}
static void show(const struct process_entry *e)
{
    char state[32], name[sizeof e->name + 1];
    state_word(e, state, sizeof state);
    copy_text(name, e->name, sizeof name);
    printf("%5llu %6lld %5llu%c %-15s %s\n", (unsigned long long)e->pid,
           (long long)e->parent, (unsigned long long)e->job,
           e->foreground ? '+' : ' ', state, name);
}

int main(uint64_t argument)
{
    static struct process_entry entries[PROCESSES_MAX];
    int64_t n = processes(entries, PROCESSES_MAX);
    (void)argument;
    if (n < 0) {
        printf_to(2, "ps: %s\n", error_text(n));
        return 1;
    }
    printf("  PID PARENT   JOB  STATE           NAME\n");
    for (int64_t i = 0; i < n; i++)
        show(&entries[i]);
    return 0;
}
