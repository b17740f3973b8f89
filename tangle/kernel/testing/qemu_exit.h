/* Tangled from chapters/04-testing-a-kernel.nw. Edit the chapter, not this file. */
#ifndef QEMU_EXIT_H
#define QEMU_EXIT_H

enum qemu_exit_code {
    QEMU_EXIT_PASS = 0x10,      /* QEMU exits with status 33 */
    QEMU_EXIT_FAIL = 0x11,      /* QEMU exits with status 35 */
};

_Noreturn void qemu_exit(enum qemu_exit_code code);
#endif
