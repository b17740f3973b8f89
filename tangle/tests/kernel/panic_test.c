/* Tangled from chapters/04-testing-a-kernel.nw. Edit the chapter, not this file. */
#include "ktest.h"
#include "panic.h"

KTEST_EXPECT_PANIC(panic_reports_and_stops)
{
    panic("deliberate panic from a test (%d)", 42);
}
