/* Tangled from chapters/15-programs-from-a-ramdisk.nw. Edit the chapter, not this file. */
#include "ramdisk.h"
#include "console.h"
#include "elf.h"
#include "lib.h"
#include "memory.h"
#include "paging.h"
#include "ustar.h"

static bool load_page(const struct user_program *p, const struct elf_segment *s,
                      uint64_t page)
{
    uint64_t frame = kernel_frame_alloc();
    if (frame == 0)
        return false;
    uint8_t *to = (uint8_t *)(uintptr_t)frame;
    memset(to, 0, PAGE_SIZE);
    uint64_t from = page > s->vaddr ? page : s->vaddr;
    uint64_t until = page + PAGE_SIZE < s->vaddr + s->filesz ? page + PAGE_SIZE
                                                             : s->vaddr + s->filesz;
    if (from < until)
        memcpy(to + (from - page), p->start + s->offset + (from - s->vaddr),
               until - from);
    uint64_t flags = PTE_USER | (s->writable ? PTE_WRITABLE : 0) |
                     (s->executable ? 0 : PTE_NO_EXECUTE);
    if (page_map(paging_current_pml4(), page, frame, flags) != MAP_OK) {
        kernel_frame_free(frame);
        return false;
    }
    return true;
}

bool load_elf(const struct user_program *p)
{
    struct elf_image image;
    const char *why;
    uint64_t high = USER_START + PROGRAM_SPAN;
    if (!elf_check(p->start, (uint64_t)(p->end - p->start), USER_START, high,
                   &image, &why))
        return false;
    running->entry = image.entry;
    for (uint32_t i = 0; i < image.count; i++) {
        uint64_t end = (image.segments[i].vaddr + image.segments[i].memsz +
                        PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
        running->image_end = end > running->image_end ? end : running->image_end;
    }
    for (uint32_t i = 0; i < image.count; i++) {
        const struct elf_segment *s = &image.segments[i];
        for (uint64_t page = s->vaddr & ~(PAGE_SIZE - 1); page < s->vaddr + s->memsz;
             page += PAGE_SIZE)
            if (!load_page(p, s, page))
                return false;
    }
    return user_map(USER_STACK_BOTTOM, USER_END, PTE_NO_EXECUTE);
}

static struct user_program programs[RAMDISK_MAX];
static char names[RAMDISK_MAX][RAMDISK_NAME_MAX];
static uint32_t count;

static void keep(const struct ustar_file *f)
{
    const char *name = f->name;
    for (const char *c = f->name; *c != '\0'; c++)
        if (*c == '/')
            name = c + 1;
    struct elf_image image;
    const char *why;
    if (f->type != '0' || *name == '\0')
        return;
    if (strlen(name) >= RAMDISK_NAME_MAX || count == RAMDISK_MAX) {
        kprintf("ramdisk: %s: name too long, or too many programs\n", name);
        return;
    }
    if (!elf_check(f->data, f->size, USER_START, USER_START + PROGRAM_SPAN,
                   &image, &why)) {
        kprintf("ramdisk: %s is not a program we can run: %s\n", name, why);
        return;
    }
    memcpy(names[count], name, strlen(name) + 1);
    programs[count] = (struct user_program){names[count], f->data, f->data + f->size,
                                            load_elf};
    count++;
}

void ramdisk_init(void)
{
    const struct mb2_module *m = NULL;
    user_programs_first = ramdisk_program_named;
    for (uint32_t i = 0; i < boot_information.module_count; i++)
        if (strlen(boot_information.modules[i].command_line) == 8 &&
            memcmp(boot_information.modules[i].command_line, "programs", 8) == 0)
            m = &boot_information.modules[i];
    if (m == NULL) {
        kprintf("ramdisk: none; only the programs built into the kernel\n");
        return;
    }
    uint64_t size = m->end - m->start;
    ramdisk_read((const uint8_t *)(uintptr_t)m->start, size);
    kprintf("ramdisk: %u programs in %llu KiB\n", count,
            (unsigned long long)(size / 1024));
}

uint32_t ramdisk_read(const uint8_t *archive, uint64_t size)
{
    uint64_t offset = 0;
    struct ustar_file f;
    const char *why = "";
    enum ustar_result r;
    while ((r = ustar_next(archive, size, &offset, &f, &why)) == USTAR_FILE)
        keep(&f);
    if (r == USTAR_BAD)
        kprintf("ramdisk: damaged at byte %llu: %s\n", (unsigned long long)offset, why);
    return count;
}

const struct user_program *ramdisk_program_named(const char *name)
{
    for (uint32_t i = 0; i < count; i++)
        if (strlen(names[i]) == strlen(name) && memcmp(names[i], name, strlen(name)) == 0)
            return &programs[i];
    return NULL;
}

void ramdisk_list(char *args)
{
    (void)args;
    kprintf("in the ramdisk:");
    for (uint32_t i = 0; i < count; i++)
        kprintf(" %s", names[i]);
    kprintf("\nbuilt into the kernel:");
    user_list_builtin();
    kprintf("\n");
}
