/* Tangled from chapters/13-user-mode.nw (with 14-processes.nw, 15-programs-from-a-ramdisk.nw). Edit the chapter, not this file. */
#include "user.h"
#include "console.h"
#include "fpu.h"
#include "gdt.h"
#include "lib.h"
#include "memory.h"
#include "paging.h"
#include "syscall.h"
#include "user_entry.h"
#include "user_memory.h"

#define USER_IMAGE_MAX (1ull << 20)

static void user_unmap(uint64_t start, uint64_t end)
{
    for (uint64_t page = start; page < end; page += PAGE_SIZE) {
        uint64_t frame;
        if (page_unmap(paging_current_pml4(), page, &frame) == MAP_OK)
            kernel_frame_free(frame);
    }
}

bool user_map(uint64_t start, uint64_t end, uint64_t flags)
{
    for (uint64_t page = start; page < end; page += PAGE_SIZE) {
        uint64_t frame = kernel_frame_alloc();
        if (frame == 0)
            return false;
        memset((void *)(uintptr_t)frame, 0, PAGE_SIZE);
        if (page_map(paging_current_pml4(), page, frame,
                     flags | PTE_USER | PTE_WRITABLE) != MAP_OK) {
            kernel_frame_free(frame);
            return false;
        }
    }
    return true;
}

static bool user_protect(uint64_t start, uint64_t end, uint64_t flags)
{
    for (uint64_t page = start; page < end; page += PAGE_SIZE) {
        uint64_t frame;
        if (page_unmap(paging_current_pml4(), page, &frame) != MAP_OK)
            return false;
        if (page_map(paging_current_pml4(), page, frame, flags | PTE_USER) != MAP_OK) {
            kernel_frame_free(frame);
            return false;
        }
    }
    return true;
}

static uint64_t flat_writable_offset(const uint8_t *image, uint64_t size)
{
    uint64_t offset;
    if (size < 8 || size > USER_IMAGE_MAX)
        return 0;
    memcpy(&offset, image + size - 8, sizeof offset);
    if (offset == 0 || offset % PAGE_SIZE != 0 || offset > size - 8)
        return 0;                           /* 0: not a flat image we made */
    return offset;
}
static struct running_program the_only_run;
struct running_program *running = &the_only_run;
static uint64_t next_id = 1;

uint64_t user_new_id(void)
{
    return next_id++;
}

bool user_load(const struct user_program *p)
{
    uint64_t size = (uint64_t)(p->end - p->start);
    running->program = p;
    running->outcome = (struct user_outcome){USER_NOT_STARTED, 0};
    running->image_end = USER_START;
    running->entry = USER_START;
    if (p->load != NULL)
        return p->load(p);
    uint64_t writable = flat_writable_offset(p->start, size);
    if (writable == 0)
        return false;
    running->image_end = USER_START + ((size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1));
    return user_map(USER_START, running->image_end, 0) &&
           user_map(USER_STACK_BOTTOM, USER_END, PTE_NO_EXECUTE) &&
           copy_to_user(USER_START, p->start, size) &&
           user_protect(USER_START, USER_START + writable, 0) &&
           user_protect(USER_START + writable, running->image_end,
                        PTE_WRITABLE | PTE_NO_EXECUTE);
}

void user_unload(void)
{
    user_unmap(USER_START, running->image_end);
    user_unmap(USER_STACK_BOTTOM, USER_END);
}

void user_go(uint64_t argument, uint64_t stack_pointer)
{
    struct iret_frame frame = {
        .rip = running->entry, .cs = GDT_USER_CODE | 3, .rflags = RFLAGS_IF | 2,
        .rsp = stack_pointer, .ss = GDT_USER_DATA | 3,
    };
    fpu_load_clean();               /* no register of an earlier program */
    user_enter(&frame, argument, &running->kernel_rsp);
}

struct user_outcome user_run(const struct user_program *p, uint64_t argument)
{
    running->id = user_new_id();
    if (user_load(p))
        user_go(argument, USER_END - 8);
    running->kernel_rsp = 0;        /* that stack is no longer waiting */
    user_unload();
    return running->outcome;
}
_Noreturn void user_end(enum user_ending how, int64_t status)
{
    running->outcome = (struct user_outcome){how, status};
    user_leave(running->kernel_rsp, 0);
}

void user_exception(struct interrupt_frame *frame)
{
    if ((frame->cs & 3) != 3)
        exception_fatal(frame);
    uint64_t cr2 = read_cr2();
    console_set_colour(VGA_YELLOW, VGA_BLACK);
    exception_report(frame, cr2);
    kprintf("program %s (number %llu) ended by this fault; the kernel goes on\n",
            running->program->name, (unsigned long long)running->id);
    console_set_colour(VGA_LIGHT_GREY, VGA_BLACK);
    user_end(USER_FAULTED, (int64_t)frame->vector);
}

static _Noreturn void end_program_at(uint64_t rip)
{
    kprintf("program %s would return to 0x%llx, outside program memory; ended\n",
            running->program->name, (unsigned long long)rip);
    user_end(USER_FAULTED, 13);
}

static int64_t sys_exit(struct syscall_frame *frame)
{
    user_end(USER_EXITED, (int64_t)frame->rdi);
}

static int64_t sys_getpid(struct syscall_frame *frame)
{
    (void)frame;
    return (int64_t)running->id;
}

int64_t console_write_from_user(uint64_t address, uint64_t length)
{
    if (!user_range_ok(address, length, false))
        return -E_FAULT;
    char piece[8];
    for (uint64_t done = 0; done < length;) {
        uint64_t n = length - done < sizeof piece ? length - done : sizeof piece;
        if (!copy_from_user(piece, address + done, n))
            return -E_FAULT;
        console_write(piece, n);
        done += n;
        if (syscall_give_way != NULL)
            syscall_give_way();
    }
    return (int64_t)length;
}

int64_t (*user_output)(uint64_t address, uint64_t length) = console_write_from_user;

static int64_t sys_write(struct syscall_frame *frame)
{
    return user_output(frame->rdi, frame->rsi);
}

void (*syscall_give_way)(void);

void user_init(void)
{
    user_memory_init();
    fpu_init();
    syscall_init(end_program_at);
    syscall_register(SYS_EXIT, sys_exit);
    syscall_register(SYS_WRITE, sys_write);
    syscall_register(SYS_GETPID, sys_getpid);
    for (uint8_t vector = 0; vector < 32; vector++)
        if (vector != 2 && vector != 3 && vector != 8 && vector != 18)
            interrupt_register(vector, user_exception);
    kprintf("user mode: syscall at 0x%llx; SMEP %s, SMAP %s, UMIP %s\n",
            (unsigned long long)(uintptr_t)syscall_entry,
            smep_on ? "on" : "absent", smap_on ? "on" : "absent",
            umip_on ? "on" : "absent");
}

extern const uint8_t program_hello[], program_hello_end[];
extern const uint8_t program_crash[], program_crash_end[];
extern const uint8_t program_spin[], program_spin_end[];
extern const uint8_t program_flood[], program_flood_end[];

static const struct user_program programs[] = {
    {"hello", program_hello, program_hello_end, NULL},
    {"crash", program_crash, program_crash_end, NULL},
    {"spin", program_spin, program_spin_end, NULL},
    {"flood", program_flood, program_flood_end, NULL},
};

const struct user_program *(*user_programs_first)(const char *name);

const struct user_program *user_program_named(const char *name)
{
    const struct user_program *found = NULL;
    if (user_programs_first != NULL)
        found = user_programs_first(name);
    if (found != NULL)
        return found;
    for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++)
        if (strlen(programs[i].name) == strlen(name) &&
            memcmp(programs[i].name, name, strlen(name)) == 0)
            return &programs[i];
    return NULL;
}

void user_list_builtin(void)
{
    for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++)
        kprintf(" %s", programs[i].name);
}
