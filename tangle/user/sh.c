/* Tangled from chapters/24-a-shell-of-its-own.nw. Edit the chapter, not this file. */
#include "user.h"
#include "command_line.h"

#define JOBS_MAX 16             /* background jobs sh remembers */
#define PROGRAM_NAME_MAX 16     /* the kernel's PROCESS_NAME_MAX: bytes with the 0 */
#define PROCESSES_MAX 32        /* the kernel's PROCESS_MAX */
#define SCRIPT_LINE_TOO_LONG 2  /* script_line's answer for a line it cannot hold */

struct job {
    int64_t pids[COMMANDS_MAX];
    bool ended[COMMANDS_MAX];   /* waited for already */
    int count;                  /* members; 0: a free entry */
    int left;                   /* members not yet waited for */
    int64_t status;             /* the last member's */
};

static struct job jobs[JOBS_MAX];
static int64_t last_status;     /* of the last pipeline run */
static int64_t change_directory(const struct command *c)
{
    const char *path = c->count > 1 ? c->words[1] : "/";
    if (c->count > 2) {
        printf_to(2, "sh: cd: too many arguments\n");
        return 1;
    }
    int64_t r = chdir(path);
    if (r < 0)
        printf_to(2, "sh: cd: %s: %s\n", path, error_text(r));
    return r < 0 ? 1 : 0;
}

static int64_t leave(const struct command *c)
{
    int64_t status = last_status;
    if (c->count > 2) {
        printf_to(2, "sh: exit: too many arguments\n");
        return 1;
    }
    if (c->count == 2 && !parse_decimal(c->words[1], &status)) {
        printf_to(2, "sh: exit: %s: not a number\n", c->words[1]);
        return 1;
    }
    exit(status);
}
static bool holds(const char *s, char c)
{
    while (*s != '\0' && *s != c)
        s++;
    return *s != '\0';
}

/* Adds text to the arguments; false if they would not fit. */
static bool append(char *arguments, uint64_t *length, const char *text)
{
    for (; *text != '\0'; text++) {
        if (*length == USER_ARGUMENTS_MAX - 1)
            return false;
        arguments[(*length)++] = *text;
    }
    arguments[*length] = '\0';
    return true;
}
/* Joins the words after the name with single spaces, putting double quotes
   around those split_words would otherwise cut apart or lose. */
static const char *join_arguments(const struct command *c, char *arguments)
{
    uint64_t length = 0;
    bool fits = true;
    arguments[0] = '\0';
    for (int i = 1; i < c->count && fits; i++) {
        const char *w = c->words[i];
        bool quoted = w[0] == '\0' || w[0] == '"' || holds(w, ' ');
        if (quoted && holds(w, '"'))
            return "cannot pass a double quote in that argument";
        fits = (i == 1 || append(arguments, &length, " ")) &&
               (!quoted || append(arguments, &length, "\"")) &&
               append(arguments, &length, w) &&
               (!quoted || append(arguments, &length, "\""));
    }
    return fits ? NULL : "arguments too long";
}
/* Checks the name and makes the arguments; 0, or an error already told. */
static int64_t prepare(const struct command *c, char *arguments)
{
    const char *problem = "the name is too long";
    if (strlen(c->words[0]) < PROGRAM_NAME_MAX)
        problem = join_arguments(c, arguments);
    if (problem == NULL)
        return 0;
    printf_to(2, "sh: %s: %s\n", c->words[0], problem);
    return -E_INVAL;
}
/* Opens a file of a redirection into *fd; 0, or an error already told. */
static int64_t open_file(const char *path, uint64_t flags, int64_t *fd)
{
    int64_t opened = open(path, flags);
    if (opened < 0) {
        printf_to(2, "sh: %s: %s\n", path, error_text(opened));
        return opened;
    }
    *fd = opened;
    return 0;
}

static uint64_t output_flags(const struct command *c)
{
    return OPEN_WRITE | OPEN_CREATE | (c->append ? OPEN_APPEND : OPEN_TRUNCATE);
}
/* Starts one command with input and output as its descriptors 0 and 1, its
   redirections winning; returns its pid, or an error already told. */
static int64_t start(const struct command *c, int64_t input, int64_t output,
                     int64_t job)
{
    char arguments[USER_ARGUMENTS_MAX];
    int64_t files[3] = {input, output, 2};
    int64_t pid = prepare(c, arguments);
    if (pid == 0 && c->input != NULL)
        pid = open_file(c->input, OPEN_READ, &files[0]);
    if (pid == 0 && c->output != NULL)
        pid = open_file(c->output, output_flags(c), &files[1]);
    if (pid == 0) {
        pid = spawn_job(c->words[0], arguments, files, 3, job);
        if (pid < 0)
            printf_to(2, "sh: %s: %s\n", c->words[0], error_text(pid));
    }
    if (files[0] != input)
        close(files[0]);
    if (files[1] != output)
        close(files[1]);
    return pid;
}
/* Closes a descriptor of sh's own: a pipe's end, not the console's 0, 1, 2. */
static void close_own(int64_t fd)
{
    if (fd > 2)
        close(fd);
}

/* Starts the commands of p, each writing into a pipe the next one reads;
   returns how many started. The first begins a job, the others join it. */
static int start_all(const struct pipeline *p, int64_t pids[])
{
    int64_t input = 0, job = p->background ? JOB_BACKGROUND : JOB_FOREGROUND;
    int i;
    for (i = 0; i < p->count; i++) {
        int64_t ends[2] = {0, 1}, r;
        bool last = i == p->count - 1;
        if (!last && (r = pipe(ends)) < 0) {
            printf_to(2, "sh: cannot make a pipe: %s\n", error_text(r));
            break;
        }
        pids[i] = start(&p->commands[i], input, ends[1], i == 0 ? job : pids[0]);
        close_own(input);
        close_own(ends[1]);
        input = ends[0];
        if (pids[i] < 0)
            break;
    }
    close_own(input);                   /* a failure's: the pipe nobody will read */
    return i;
}
/* Tells how a member ended unless it exited; returns its status for the line. */
static int64_t tell_ending(const char *name, const struct ending *e, bool *told_killed)
{
    if (e->how == ENDED_EXIT)
        return e->status;
    if (e->how == ENDED_FAULT)
        printf_to(2, "sh: %s faulted\n", name);
    else if (e->how == ENDED_NOT_STARTED)
        printf_to(2, "sh: %s did not start\n", name);
    else if (!*told_killed)
        printf_to(2, "sh: %s killed\n", name);   /* once a pipeline: Ctrl-C kills all */
    *told_killed = *told_killed || e->how == ENDED_KILLED;
    return 1;
}

/* Waits for the first count members in order; the line's status is the last one's. */
static int64_t wait_all(const struct pipeline *p, const int64_t pids[], int count)
{
    int64_t status = 1;
    bool told_killed = false;
    for (int i = 0; i < count; i++) {
        struct ending e = {ENDED_EXIT, 1};
        if (wait(pids[i], &e) < 0)
            e = (struct ending){ENDED_EXIT, 1};
        status = tell_ending(p->commands[i].words[0], &e, &told_killed);
    }
    return count == p->count ? status : 1;
}
static struct job *free_job(void)
{
    for (int j = 0; j < JOBS_MAX; j++)
        if (jobs[j].count == 0)
            return &jobs[j];
    return NULL;
}

static void remember(struct job *j, const int64_t pids[], int count)
{
    for (int i = 0; i < count; i++) {
        j->pids[i] = pids[i];
        j->ended[i] = false;
    }
    j->count = count;
    j->left = count;
    j->status = 0;
    printf("[%lld]\n", (long long)pids[0]);
}
/* Waits for a member that has ended; tells when its whole job has. */
static void finish_member(struct job *j, int i)
{
    struct ending e = {ENDED_EXIT, 1};
    wait(j->pids[i], &e);
    j->ended[i] = true;
    j->left--;
    if (i == j->count - 1)
        j->status = e.how == ENDED_EXIT ? e.status : 1;
    if (j->left > 0)
        return;
    if (j->status == 0)
        printf("[%lld] done\n", (long long)j->pids[0]);
    else
        printf("[%lld] done, status %lld\n", (long long)j->pids[0], (long long)j->status);
    j->count = 0;
}

static void reap(uint64_t pid)
{
    for (int j = 0; j < JOBS_MAX; j++)
        for (int i = 0; i < jobs[j].count; i++)
            if (jobs[j].pids[i] == (int64_t)pid && !jobs[j].ended[i]) {
                finish_member(&jobs[j], i);
                return;
            }
}

/* Waits for the background members that have ended: sh's zombie children. */
static void reap_jobs(void)
{
    static struct process_entry entries[PROCESSES_MAX];
    uint64_t me = (uint64_t)getpid();
    int64_t n = processes(entries, PROCESSES_MAX);
    for (int64_t i = 0; i < n; i++)
        if (entries[i].parent == me && entries[i].state == PROCESS_ENTRY_ZOMBIE)
            reap(entries[i].pid);
}
static int64_t run_pipeline(const struct pipeline *p)
{
    int64_t pids[COMMANDS_MAX];
    const struct command *first = &p->commands[0];
    if (p->count == 1 && strcmp(first->words[0], "cd") == 0)
        return change_directory(first);
    if (p->count == 1 && strcmp(first->words[0], "exit") == 0)
        return leave(first);
    if (p->background && free_job() == NULL) {
        printf_to(2, "sh: too many jobs in the background\n");
        return 1;
    }
    int started = start_all(p, pids);
    for (int i = 0; started < p->count && i < started; i++)
        kill(pids[i]);                  /* a pipeline with a hole ends whole */
    if (!p->background || started < p->count)
        return wait_all(p, pids, started);
    remember(free_job(), pids, started);
    return 0;
}
/* Runs each pipeline of a line in turn; a mistake drops the rest of the line. */
static void run_line(const char *line)
{
    static struct pipeline p;
    const char *rest = line;
    while (*rest != '\0') {
        const char *error = parse_pipeline(&rest, &p);
        if (error != NULL) {
            printf_to(2, "sh: %s\n", error);
            last_status = 1;
            return;
        }
        if (p.count > 0)
            last_status = run_pipeline(&p);
    }
}
enum typed { TYPED_LINE, TYPED_CANCEL, TYPED_END };
/* Takes one key into the line; true when the line is finished, as *how says. */
static bool edit(char *line, int *length, char c, enum typed *how)
{
    bool done = c == '\n' || c == 3 || (c == 4 && *length == 0);
    if (c == '\n') {
        write_string("\n");
        line[*length] = '\0';
        *how = TYPED_LINE;
    } else if (c == 3) {
        write_string("^C\n");
        *how = TYPED_CANCEL;
    } else if (c == 4 && *length == 0) {
        write_string("\n");
        *how = TYPED_END;
    } else if (c == '\b' && *length > 0) {
        (*length)--;
        write_string("\b \b");
    } else if (c >= ' ' && c <= '~' && *length < LINE_MAX - 1) {
        line[(*length)++] = c;
        write(&c, 1);
    }
    return done;
}
static enum typed read_line(char *line)
{
    int length = 0;
    enum typed how = TYPED_END;
    char c;
    do {
        int64_t n;
        while ((n = read_from(0, &c, 1)) == -E_BACKGROUND)
            sleep(100);                 /* a job of ours still has the keyboard */
        if (n < 0) {
            printf_to(2, "sh: cannot read the keyboard: %s\n", error_text(n));
            exit(1);
        }
        if (n == 0)                     /* a file's or pipe's end: Enter, then Ctrl-D */
            c = length > 0 ? '\n' : 4;
    } while (!edit(line, &length, c, &how));
    return how;
}
struct script {
    int64_t fd;
    char buffer[128];
    int64_t length, next;       /* bytes in the buffer, and the next one to take */
    uint64_t line_number;
};

/* The script's next byte: 1, or 0 at its end, or an error. */
static int64_t script_byte(struct script *s, char *c)
{
    if (s->next == s->length) {
        int64_t n = read_from(s->fd, s->buffer, sizeof s->buffer);
        if (n <= 0)
            return n;
        s->length = n;
        s->next = 0;
    }
    *c = s->buffer[s->next++];
    return 1;
}
/* Reads one line without its newline: 1, 0 at the end of the script,
   SCRIPT_LINE_TOO_LONG, or an error. */
static int64_t script_line(struct script *s, char *line)
{
    int length = 0;
    int64_t n;
    char c;
    s->line_number++;
    while ((n = script_byte(s, &c)) == 1 && c != '\n') {
        if (length == LINE_MAX - 1)
            return SCRIPT_LINE_TOO_LONG;
        line[length++] = c;
    }
    line[length] = '\0';
    return n < 0 ? n : (n == 1 || length > 0);
}
static int64_t run_script(const char *path)
{
    static struct script s;
    static char line[LINE_MAX];
    int64_t n;
    s.length = s.next = 0;
    s.line_number = 0;
    s.fd = open(path, OPEN_READ);
    if (s.fd < 0) {
        printf_to(2, "sh: %s: %s\n", path, error_text(s.fd));
        return 1;
    }
    while ((n = script_line(&s, line)) == 1) {
        reap_jobs();
        run_line(line);
    }
    close(s.fd);
    if (n == SCRIPT_LINE_TOO_LONG)
        printf_to(2, "sh: %s: line %llu is too long\n", path,
                  (unsigned long long)s.line_number);
    else if (n < 0)
        printf_to(2, "sh: %s: %s\n", path, error_text(n));
    return n == 0 ? last_status : 1;
}
_Noreturn static void interactive(void)
{
    static char line[LINE_MAX];
    ignore_ctrl_c();                    /* Ctrl-C is for the job, not for sh */
    for (;;) {
        reap_jobs();
        write_string("$ ");
        enum typed how = read_line(line);
        if (how == TYPED_END)
            exit(0);
        if (how == TYPED_LINE)
            run_line(line);
    }
}
int main(uint64_t argument)
{
    char *words[2];
    int count = split_words((char *)(uintptr_t)argument, words, 2);
    if (count > 1) {
        printf_to(2, "usage: sh [FILE]\n");
        return 2;
    }
    if (count == 1)
        return (int)run_script(words[0]);
    interactive();
}
