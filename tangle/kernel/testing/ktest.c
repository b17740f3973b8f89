/* Tangled from chapters/04-testing-a-kernel.nw. Edit the chapter, not this file. */
#include "ktest.h"
#include "console.h"
#include "qemu_exit.h"
#include <stddef.h>

extern const struct ktest ktests_start[], ktests_end[];

static const struct ktest *current;
static bool current_failed;
static unsigned current_number;

void ktest_expect(bool ok, const char *what, const char *file, int line)
{
    if (ok)
        return;
    current_failed = true;
    kprintf("# %s: %s:%d: expected %s\n",
            current ? current->name : "?", file, line, what);
}

static bool run_one(const struct ktest *t, unsigned number)
{
    current = t;
    current_failed = false;
    current_number = number;
    t->run();
    current = NULL;
    if (t->expect_panic) {
        kprintf("# %s: returned without the panic it expects\n", t->name);
        current_failed = true;
    }
    kprintf("%s %u %s\n", current_failed ? "not ok" : "ok", number, t->name);
    return !current_failed;
}
static const char *selected_test(const char *command_line)
{
    const char *key = "ktest=";
    for (const char *p = command_line; *p != '\0'; p++) {
        size_t i = 0;
        while (key[i] != '\0' && p[i] == key[i])
            i++;
        if (key[i] == '\0' && (p == command_line || p[-1] == ' '))
            return p + i;
    }
    return NULL;
}

/* Whether name is one of the comma-separated names in list, which ends at a
   space or at the end of the command line. */
static bool listed(const char *name, const char *list)
{
    for (;;) {
        size_t i = 0;
        while (name[i] != '\0' && list[i] == name[i])
            i++;
        if (name[i] == '\0' && (list[i] == '\0' || list[i] == ' ' || list[i] == ','))
            return true;
        while (*list != '\0' && *list != ' ' && *list != ',')
            list++;
        if (*list != ',')
            return false;
        list++;
    }
}

void ktest_main(const char *command_line)
{
    size_t count = (size_t)(ktests_end - ktests_start);
    const char *only = selected_test(command_line);
    unsigned planned = 0, number = 0, failed = 0;

    if (count == 0)
        return;
    for (size_t i = 0; i < count; i++)
        if (only ? listed(ktests_start[i].name, only) : !ktests_start[i].expect_panic)
            planned++;
    kprintf("KTAP version 1\n1..%u\n", planned);
    for (size_t i = 0; i < count; i++) {
        const struct ktest *t = &ktests_start[i];
        if (only ? !listed(t->name, only) : t->expect_panic) {
            if (!only)
                kprintf("# isolated: %s\n", t->name);
            continue;
        }
        if (!run_one(t, ++number))
            failed++;
    }
    kprintf("# %u passed, %u failed\n", number - failed, failed);
    qemu_exit(failed == 0 && planned > 0 ? QEMU_EXIT_PASS : QEMU_EXIT_FAIL);
}
void ktest_panicked(void)
{
    if (current == NULL)
        return;
    bool passed = current->expect_panic && !current_failed;
    kprintf("%s %u %s\n", passed ? "ok" : "not ok", current_number, current->name);
    qemu_exit(passed ? QEMU_EXIT_PASS : QEMU_EXIT_FAIL);
}
