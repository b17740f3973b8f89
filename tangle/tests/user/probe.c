/* Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file. */
#include "user.h"
#include "probe.h"

extern char image_end[];

static int registers_kept(void)
{
    uint64_t bad;
    __asm__ volatile(
        "push %%rbp\n\t"
        "mov $0x1111, %%rbx\n\t" "mov $0x2222, %%rbp\n\t" "mov $0x3333, %%r12\n\t"
        "mov $0x4444, %%r13\n\t" "mov $0x5555, %%r14\n\t" "mov $0x6666, %%r15\n\t"
        "mov $0x7777, %%rdi\n\t" "mov $0x8888, %%rsi\n\t"
        "mov %[getpid], %%eax\n\t"
        "syscall\n\t"
        "xor %%eax, %%eax\n\t"
        "cmp $0x1111, %%rbx\n\t" "setne %%al\n\t" "mov %%rax, %%rcx\n\t"
        "cmp $0x2222, %%rbp\n\t" "setne %%al\n\t" "or %%rax, %%rcx\n\t"
        "cmp $0x3333, %%r12\n\t" "setne %%al\n\t" "or %%rax, %%rcx\n\t"
        "cmp $0x4444, %%r13\n\t" "setne %%al\n\t" "or %%rax, %%rcx\n\t"
        "cmp $0x5555, %%r14\n\t" "setne %%al\n\t" "or %%rax, %%rcx\n\t"
        "cmp $0x6666, %%r15\n\t" "setne %%al\n\t" "or %%rax, %%rcx\n\t"
        "cmp $0x7777, %%rdi\n\t" "setne %%al\n\t" "or %%rax, %%rcx\n\t"
        "cmp $0x8888, %%rsi\n\t" "setne %%al\n\t" "or %%rax, %%rcx\n\t"
        "pop %%rbp\n\t"
        "mov %%rcx, %[bad]"
        : [bad] "=m"(bad)
        : [getpid] "i"(SYS_GETPID)
        : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
          "r12", "r13", "r14", "r15", "memory");
    return bad ? 1 : 0;
}
static uint64_t time_stamp(void)
{
    uint32_t low, high;
    __asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
    return (uint64_t)high << 32 | low;
}

__attribute__((noinline)) static int64_t nothing(void)
{
    __asm__ volatile("" ::: "memory");
    return 1;
}

static uint64_t fastest_batch(int64_t (*call)(void))
{
    uint64_t best = ~0ull;
    for (int batch = 0; batch < 64; batch++) {
        uint64_t start = time_stamp();
        for (int i = 0; i < 64; i++)
            call();
        uint64_t took = time_stamp() - start;
        best = took < best ? took : best;
    }
    return best / 64;
}

static int measure(void)
{
    uint64_t by_syscall = fastest_batch(getpid), by_call = fastest_batch(nothing);
    write_string("# cycles per getpid round trip: ");
    write_decimal(by_syscall);
    write_string("; per function call: ");
    write_decimal(by_call);
    write_string("\n");
    return 0;
}
static int vector_state_dirty(void)
{
    uint16_t fcw = 0x0C7F;                  /* round toward zero */
    uint32_t mxcsr = 0x7F80;                /* round toward zero */
    uint64_t secret = 0x5EC2E75EC2E7ull;
    __asm__ volatile("fldcw %0\n\t" "ldmxcsr %1\n\t"
                     "movq %2, %%xmm0\n\t" "movq %2, %%mm0"
                     : : "m"(fcw), "m"(mxcsr), "r"(secret) : "xmm0", "mm0");
    return 0;
}

static int vector_state_clean(void)
{
    uint16_t fcw;
    uint32_t mxcsr;
    uint64_t xmm0, mm0;
    struct { uint16_t fcw, r0, fsw, r1, tags, r2; uint32_t rest[4]; } env;
    __asm__ volatile("fnstcw %0\n\t" "stmxcsr %1\n\t" "movq %%xmm0, %2\n\t"
                     "fnstenv %3\n\t" "movq %%mm0, %4\n\t" "emms"
                     : "=m"(fcw), "=m"(mxcsr), "=r"(xmm0), "=m"(env), "=r"(mm0));
    return (fcw != 0x037F) | (mxcsr != 0x1F80) << 1 | (xmm0 != 0) << 2 |
           (env.tags != 0xFFFF) << 3 | (mm0 != 0) << 4;
}

static int divide_by_zero(void)
{
    volatile double zero = 0.0;
    volatile long double x87_zero = 0.0L;
    double sse = 1.0 / zero;
    long double x87 = 1.0L / x87_zero;
    return sse > 1e308 && x87 > 1e308L ? 0 : 1;
}

static int divide_by_zero_unmasked(void)
{
    uint16_t fcw = 0x037F & ~(1u << 2);     /* ZM, bit 2: divide by zero */
    double zero = 0.0;
    __asm__ volatile("fldcw %0\n\t"
                     "fld1\n\t" "fdivl %1\n\t"  /* 1 / 0: the error is pending, */
                     "fwait"                    /* and raised here */
                     : : "m"(fcw), "m"(zero));
    return 0;
}

int main(uint64_t argument)
{
    switch (argument) {
    case PROBE_EXIT_42: exit(42);
    case PROBE_WRITE: return (int)write("probe: hello\n", 13);
    case PROBE_WRITE_KERNEL_POINTER: return (int)write((void *)0x100000, 16);
    case PROBE_WRITE_UNMAPPED: return (int)write((void *)(USER_START + (64 << 20)), 4);
    case PROBE_WRITE_HUGE: return (int)write("x", 1ull << 62);
    case PROBE_WRITE_PAST_IMAGE: return (int)write((char *)((uintptr_t)image_end - 2), 8192);
    case PROBE_WRITE_PAST_USER_END: return (int)write((void *)(USER_END - 2), 4);
    case PROBE_WRITE_NULL: return (int)write(NULL, 1);
    case PROBE_WRITE_NOTHING_UNMAPPED: return (int)write((void *)(USER_START + (64 << 20)),
                                                        0);
    case PROBE_UNKNOWN_CALL: {
        int64_t r;
        __asm__ volatile("syscall" : "=a"(r) : "a"(999) : "rcx", "r11", "memory");
        return (int)r;
    }
    case PROBE_READ_KERNEL: return (int)*(volatile uint64_t *)0x100000;
    case PROBE_WRITE_KERNEL: *(volatile uint64_t *)0x100000 = 0; return 0;
    case PROBE_RUN_KERNEL: ((void (*)(void))0x100000)(); return 0;
    case PROBE_CLI: __asm__ volatile("cli"); return 0;
    case PROBE_INT3: __asm__ volatile("int3"); return 0;
    case PROBE_PORT: __asm__ volatile("outb %%al, $0x80" : : "a"(0)); return 0;
    case PROBE_REGISTERS_KEPT: return registers_kept();
    case PROBE_GETPID: return getpid() == getpid() && getpid() > 0 ? (int)getpid() : -1;
    case PROBE_RETURN_FROM_MAIN: return 7;
    case PROBE_STACK_GUARD: return *(volatile char *)(USER_END - 4 * 4096 - 1);
    case PROBE_MEASURE: return measure();
    case PROBE_VECTOR_STATE_DIRTY: return vector_state_dirty();
    case PROBE_VECTOR_STATE_CLEAN: return vector_state_clean();
    case PROBE_DIVIDE_BY_ZERO: return divide_by_zero();
    case PROBE_DIVIDE_BY_ZERO_UNMASKED: return divide_by_zero_unmasked();
    case PROBE_SGDT: {
        struct { uint16_t limit; uint64_t base; } __attribute__((packed)) gdt;
        __asm__ volatile("sgdt %0" : "=m"(gdt));
        return gdt.base != 0 ? 0 : 1;
    }
    case PROBE_WRITE_OWN_CODE: *(volatile uint8_t *)(uintptr_t)main = 0xC3; return 0;
    case PROBE_RUN_OWN_DATA: {
        static uint8_t just_return[] = {0xC3};  /* ret */
        ((void (*)(void))(uintptr_t)just_return)();
        return 0;
    }
    case PROBE_SET_NT:
        __asm__ volatile("pushfq\n\t" "orq $0x4000, (%%rsp)\n\t" "popfq" ::: "memory", "cc");
        return getpid() > 0 ? 0 : 1;
    }
    return -1;
}
