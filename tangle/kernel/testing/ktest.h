/* Tangled from chapters/04-testing-a-kernel.nw. Edit the chapter, not this file. */
#ifndef KTEST_H
#define KTEST_H
#include <stdbool.h>

struct ktest {
    const char *name;
    void (*run)(void);
    bool expect_panic;      /* passes only if it panics; runs in a boot of its own */
};

#define KTEST_RECORD(fn, panics)                                            \
    static void fn(void);                                                   \
    static const struct ktest ktest_record_##fn                             \
        __attribute__((section(".ktests"), used, aligned(8))) = {#fn, fn, panics}; \
    static void fn(void)

#define KTEST(fn) KTEST_RECORD(fn, false)
#define KTEST_EXPECT_PANIC(fn) KTEST_RECORD(fn, true)

#define KEXPECT(cond) ktest_expect((cond), #cond, __FILE__, __LINE__)

void ktest_expect(bool ok, const char *what, const char *file, int line);
void ktest_main(const char *command_line);
void ktest_panicked(void);
#endif
