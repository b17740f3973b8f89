/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#include "../../kernel/devices/scancode.c"
#include <stdlib.h>

static bool may_type(char c, uint8_t modifiers)
{
    if ((c >= ' ' && c <= '~') || c == '\033' || c == '\b' || c == '\t' || c == '\n')
        return true;
    return (modifiers & MOD_CTRL) && c >= 1 && c <= 26;
}

static void check_event(const struct key_event *e)
{
    bool shift = e->modifiers & MOD_SHIFT, caps = e->modifiers & MOD_CAPS;
    if (e->key >= 0x80 && (e->key & ~0x7F) != KEY_EXTENDED)
        abort();                        /* neither a make code nor an E0 key */
    if (!e->pressed && e->ch != 0)
        abort();                        /* a release typed something */
    if (e->pressed && e->ch != 0 && !may_type(e->ch, e->modifiers))
        abort();
    if ((e->key & KEY_EXTENDED) && e->ch != 0 && e->ch != '\n' && e->ch != '/')
        abort();                        /* only keypad Enter and / type */
    if (e->ch >= 'a' && e->ch <= 'z' && shift != caps)
        abort();
    if (e->ch >= 'A' && e->ch <= 'Z' && shift == caps)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct keyboard_state state = {0};
    for (size_t i = 0; i < size; i++) {
        struct key_event e = {0xDEAD, true, 'Z', 0xFF};     /* a sentinel */
        if (scancode_decode(&state, data[i], &e))
            check_event(&e);
        else if (e.key != 0xDEAD || e.ch != 'Z' || e.modifiers != 0xFF)
            abort();                    /* "no event", yet it wrote one */
    }
    return 0;
}
