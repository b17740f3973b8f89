/* Tangled from chapters/10-the-heap.nw. Edit the chapter, not this file. */
#include "../../kernel/memory/heap_bump.c"
#include "../../kernel/memory/heap_list.c"
#include "../../kernel/memory/heap_blocks.c"
#include "../../kernel/memory/heap_tlsf.c"
#include "../../kernel/memory/heap_realloc.c"
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <x86intrin.h>

#define ARENA_BYTES (512u << 20)
static uint8_t *memory_a, *memory_b;
static struct arena arena_a, arena_b;
static struct bump bump;
static struct list_heap list;
static struct block_heap blocks;
static struct tlsf_heap tlsf;

static bool grow_inside(struct arena *a, size_t bytes)
{
    uintptr_t top = align_up(a->top + bytes, 4096);
    if (top > a->limit)
        return false;
    a->top = top;
    return true;
}

static bool shrink_inside(struct arena *a, uintptr_t top)
{
    a->top = top;
    return true;
}

enum { OP_ALLOC, OP_FREE, OP_REALLOC };
struct op {
    uint8_t kind;
    uint32_t slot;
    uint32_t size;
};

static int design;          /* 0 glibc, 1 bump, 2 list, 3 blocks, 4 tlsf */

static void *do_alloc(size_t n)
{
    switch (design) {
    case 1: return bump_alloc(&bump, n, HEAP_MIN_ALIGN);
    case 2: return list_alloc(&list, n, HEAP_MIN_ALIGN);
    case 3: return blocks_alloc(&blocks, n, HEAP_MIN_ALIGN);
    case 4: return tlsf_alloc(&tlsf, n, HEAP_MIN_ALIGN);
    default: return malloc(n);
    }
}

static void do_free(void *p)
{
    switch (design) {
    case 1: bump_free(&bump, p); break;
    case 2: list_free(&list, p); break;
    case 3: blocks_free(&blocks, p); break;
    case 4: tlsf_free(&tlsf, p); break;
    default: free(p); break;
    }
}
static void *gen_alloc(void *s, size_t n, size_t al)
{
    (void)s;
    (void)al;
    return do_alloc(n);
}
static enum heap_error gen_free(void *s, void *p) { (void)s; do_free(p); return HEAP_OK; }
static size_t gen_usable(void *s, void *p)
{
    (void)s;
    switch (design) {
    case 1: return bump_usable_size(p);
    case 2: return list_usable_size(p);
    default: return blocks_usable_size(&blocks, p);
    }
}

static void *do_realloc(void *p, size_t n)
{
    switch (design) {
    case 1: case 2: case 3:
        return heap_realloc(NULL, p, n, gen_alloc, gen_free, gen_usable);
    case 4: return tlsf_realloc(&tlsf, p, n);
    default: return realloc(p, n);
    }
}
#define MAX_OPS 700000
#define MAX_SLOTS 200000
static struct op ops[MAX_OPS];
static int op_count, pairs;
static void *slots[MAX_SLOTS];

static uint32_t rng = 42;
static uint32_t next(void) { rng = rng * 1664525u + 1013904223u; return rng >> 8; }

static void add(uint8_t kind, uint32_t slot, uint32_t size)
{
    if (op_count == MAX_OPS || slot >= MAX_SLOTS) {
        fprintf(stderr, "heap_bench: the trace is larger than %d operations\n", MAX_OPS);
        exit(2);
    }
    ops[op_count++] = (struct op){kind, slot, size};
}
static void make_synthetic_trace(const char *name)
{
    if (strcmp(name, "small") == 0) {
        for (uint32_t i = 0; i < 200000; i++) {
            add(OP_ALLOC, i % 100, 16 + next() % 49);
            if (i >= 99)
                add(OP_FREE, (i + 1) % 100, 0);
        }
        pairs = 200000;
    } else if (strcmp(name, "mixed") == 0) {
        uint32_t n = 100000;
        for (uint32_t i = 0; i < n; i++)
            add(OP_ALLOC, i, 16 + next() % 4081);
        for (uint32_t i = n; i > 1; i--) {      /* free in a random order */
            uint32_t j = next() % i;
            uint32_t t = ops[i - 1].slot; ops[i - 1].slot = ops[j].slot; ops[j].slot = t;
        }
        for (uint32_t i = 0; i < n; i++)
            add(OP_FREE, ops[i].slot, 0);
        for (uint32_t i = 0; i < n; i++)
            ops[i].slot = i;
        pairs = (int)n;
    } else {
        for (uint32_t a = 0; a < 2000; a++) {
            add(OP_ALLOC, a, 16);
            for (uint32_t k = 1; k <= 16; k++)
                add(OP_REALLOC, a, 16u << (k % 12));
        }
        for (uint32_t a = 0; a < 2000; a++)
            add(OP_FREE, a, 0);
        pairs = 2000 * 17;
    }
}
static void read_trace(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    char kind;
    unsigned slot, size = 0;
    while (fscanf(f, " %c %u", &kind, &slot) == 2) {
        if (kind != 'f' && fscanf(f, "%u", &size) != 1)
            break;
        add(kind == 'a' ? OP_ALLOC : kind == 'f' ? OP_FREE : OP_REALLOC, slot, size);
        pairs += kind != 'f';
    }
    fclose(f);
}
static void run_op(struct op o)
{
    if (o.kind == OP_ALLOC)
        slots[o.slot] = do_alloc(o.size);
    else if (o.kind == OP_FREE) {
        do_free(slots[o.slot]);
        slots[o.slot] = NULL;
    } else
        slots[o.slot] = do_realloc(slots[o.slot], o.size);
}

__attribute__((noinline)) void run_trace(void)
{
    for (int i = 0; i < op_count; i++)
        run_op(ops[i]);
}
static volatile uint64_t steps;

static void count_step(int signal)
{
    (void)signal;
    steps++;
}

static void trap_flag(bool on)
{
    if (on)
        __asm__ volatile("pushfq; orq $0x100, (%%rsp); popfq" ::: "memory", "cc");
    else
        __asm__ volatile("pushfq; andq $~0x100, (%%rsp); popfq" ::: "memory", "cc");
}

static void set_up(void);

static void time_every_op(uint32_t *cycles)
{
    set_up();
    for (int i = 0; i < op_count; i++) {
        _mm_lfence();
        uint64_t start = __rdtsc();
        run_op(ops[i]);
        _mm_lfence();
        uint64_t t = __rdtsc() - start;
        if (t < cycles[i])
            cycles[i] = t > UINT32_MAX ? UINT32_MAX : (uint32_t)t;
    }
}
static void step_chosen(const uint8_t *chosen, uint64_t *worst, int *worst_op)
{
    signal(SIGTRAP, count_step);
    steps = 0;
    trap_flag(true);
    trap_flag(false);
    uint64_t overhead = steps;
    set_up();
    for (int i = 0; i < op_count; i++) {
        if (!chosen[i]) {
            run_op(ops[i]);
            continue;
        }
        steps = 0;
        trap_flag(true);
        run_op(ops[i]);
        trap_flag(false);
        if (steps - overhead > *worst) {
            *worst = steps - overhead;
            *worst_op = i;
        }
    }
}
static uint32_t *cycles_of;

static int slower(const void *a, const void *b)
{
    uint32_t x = cycles_of[*(const int *)a], y = cycles_of[*(const int *)b];
    return x < y ? 1 : x > y ? -1 : 0;
}

static void choose_slowest(uint32_t *cycles, uint8_t *chosen)
{
    static int order[MAX_OPS];
    for (int i = 0; i < op_count; i++)
        order[i] = i;
    cycles_of = cycles;
    qsort(order, (size_t)op_count, sizeof order[0], slower);
    uint64_t spent = 0;
    for (int k = 0; k < op_count && (k == 0 || spent + cycles[order[k]] <= 300000); k++) {
        chosen[order[k]] = 1;
        spent += cycles[order[k]];
    }
}
static void in_a_child(void (*work)(void *), void *arg)
{
    pid_t pid = fork();
    if (pid == 0) {
        work(arg);
        _exit(0);
    }
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
        fprintf(stderr, "heap_bench: a measuring child failed\n");
        exit(1);
    }
}

struct worst { uint64_t steps; int op; uint8_t chosen[MAX_OPS]; };

static void time_child(void *cycles) { time_every_op(cycles); }
static void step_child(void *w)
{
    struct worst *r = w;
    step_chosen(r->chosen, &r->steps, &r->op);
}
static void print_worst_case(void)
{
    uint32_t *cycles = mmap(NULL, sizeof(uint32_t) * MAX_OPS, PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    struct worst *w = mmap(NULL, sizeof *w, PROT_READ | PROT_WRITE,
                           MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (cycles == MAP_FAILED || w == MAP_FAILED)
        exit(1);
    for (int i = 0; i < op_count; i++)
        cycles[i] = UINT32_MAX;
    uint64_t start = __rdtsc();
    in_a_child(time_child, cycles);
    if (__rdtsc() - start < 4000000000ull)       /* a slow design is timed once */
        for (int run = 1; run < 3; run++)
            in_a_child(time_child, cycles);
    choose_slowest(cycles, w->chosen);
    in_a_child(step_child, w);
    const char *kinds[] = {"alloc", "free", "realloc"};
    printf("worst %llu op %d %s %u\n", (unsigned long long)w->steps, w->op,
           kinds[ops[w->op].kind], ops[w->op].size);
}
static void set_up(void)
{
    if (design != 0) {          /* glibc's own figures must not include our arenas */
        memory_a = aligned_alloc(4096, ARENA_BYTES);
        memory_b = aligned_alloc(4096, ARENA_BYTES);
    }
    arena_a = (struct arena){(uintptr_t)memory_a, (uintptr_t)memory_a,
                             (uintptr_t)memory_a + ARENA_BYTES, grow_inside,
                             design == 4 ? shrink_inside : NULL};
    arena_b = (struct arena){(uintptr_t)memory_b, (uintptr_t)memory_b,
                             (uintptr_t)memory_b + ARENA_BYTES, grow_inside, NULL};
    if (design == 1)
        bump_init(&bump, &arena_a);
    if (design == 2 || design == 3)
        list_init(&list, &arena_a);
    if (design == 3)
        blocks_init(&blocks, &arena_b, &list);
    if (design == 4)
        tlsf_init(&tlsf, &arena_a);
}
int main(int argc, char **argv)
{
    if (argc < 3 || argc > 5) {
        fprintf(stderr, "usage: heap_bench DESIGN TRACE [FILE] [worst]\n");
        return 2;
    }
    design = atoi(argv[1]);
    if (strcmp(argv[2], "replay") == 0 && argc >= 4)
        read_trace(argv[3]);
    else
        make_synthetic_trace(argv[2]);
    if (strcmp(argv[argc - 1], "worst") == 0) {
        print_worst_case();
        return 0;
    }
    set_up();
    run_trace();
    size_t arena = (arena_a.top - arena_a.start) + (arena_b.top - arena_b.start);
    if (design == 0) {
        struct mallinfo2 mi = mallinfo2();
        arena = mi.arena + mi.hblkhd;
    }
    printf("pairs %d arena %zu\n", pairs, arena);
    return 0;
}
