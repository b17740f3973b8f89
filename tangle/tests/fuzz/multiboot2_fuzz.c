/* Tangled from chapters/08-physical-memory.nw. Edit the chapter, not this file. */
#include "../../kernel/lib/format.c"
#include "../../kernel/boot/multiboot2.c"
#include <stdlib.h>
#include <string.h>

static void check_string(const char *s, const uint8_t *info, size_t size)
{
    const uint8_t *p = (const uint8_t *)s;
    bool inside = p >= info && p < info + size;
    if (!inside && s[0] == '\0')
        return;                                 /* the parser's own "" */
    if (!inside || memchr(p, 0, (size_t)(info + size - p)) == NULL)
        abort();
}

static void check_regions(const struct boot_info *b)
{
    for (uint32_t i = 0; i < b->region_count; i++) {
        const struct mb2_region *r = &b->regions[i];
        if (r->length == 0 || r->base + r->length < r->base)
            abort();                            /* empty, or wraps around */
        if (i > 0 && r[-1].base + r[-1].length > r->base)
            abort();                            /* unsorted or overlapping */
        if (i > 0 && r[-1].base + r[-1].length == r->base && r[-1].type == r->type)
            abort();                            /* neighbours left unmerged */
    }
}
static void check_result(const struct boot_info *b, const uint8_t *info, size_t size)
{
    if (b->size != size || b->region_count == 0 || b->region_count > MB2_MAX_REGIONS ||
        b->module_count > MB2_MAX_MODULES)
        abort();
    check_string(b->command_line, info, size);
    check_string(b->loader_name, info, size);
    for (uint32_t i = 0; i < b->module_count; i++) {
        if (b->modules[i].start > b->modules[i].end)
            abort();
        check_string(b->modules[i].command_line, info, size);
    }
    check_regions(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct boot_info b;
    if (size < 4 || size > MB2_MAX_INFO_SIZE)
        return 0;
    uint8_t *info = malloc(size);
    memcpy(info, data, size);
    uint32_t total = (uint32_t)size;
    memcpy(info, &total, 4);
    if (boot_info_parse(info, 0x10000, &b))
        check_result(&b, info, size);
    else if (b.error[0] == '\0' || memchr(b.error, 0, sizeof b.error) == NULL)
        abort();                                /* a failure must say why */
    free(info);
    return 0;
}
