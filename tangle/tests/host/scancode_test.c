/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#include "check.h"
#include "../../kernel/devices/scancode.c"
#include <string.h>

struct typing {
    const char *what;
    const uint8_t *bytes;
    int count;
    const char *typed;      /* characters of the press events, in order */
};

#define SEQ(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})

static const struct typing cases[] = {
    {"a down and up types a", SEQ(0x1E, 0x9E), "a"},
    {"h i", SEQ(0x23, 0xA3, 0x17, 0x97), "hi"},
    {"shift+a types A", SEQ(0x2A, 0x1E, 0x9E, 0xAA), "A"},
    {"right shift+1 types !", SEQ(0x36, 0x02, 0x82, 0xB6), "!"},
    {"shift released before the key", SEQ(0x2A, 0xAA, 0x1E, 0x9E), "a"},
    {"caps lock types A", SEQ(0x3A, 0xBA, 0x1E, 0x9E), "A"},
    {"caps lock leaves digits alone", SEQ(0x3A, 0xBA, 0x02, 0x82), "1"},
    {"caps lock and shift cancel", SEQ(0x3A, 0xBA, 0x2A, 0x1E, 0x9E, 0xAA), "a"},
    {"caps lock twice is off", SEQ(0x3A, 0xBA, 0x3A, 0xBA, 0x1E, 0x9E), "a"},
    {"held caps lock repeats but toggles once", SEQ(0x3A, 0x3A, 0x3A, 0xBA, 0x1E), "A"},
    {"ctrl+c types 3", SEQ(0x1D, 0x2E, 0xAE, 0x9D), "\003"},
    {"right ctrl (E0 1D) + c types 3", SEQ(0xE0, 0x1D, 0x2E, 0xE0, 0x9D), "\003"},
    {"enter, backspace, tab, space", SEQ(0x1C, 0x0E, 0x0F, 0x39), "\n\b\t "},
    {"keypad enter (E0 1C) types a newline", SEQ(0xE0, 0x1C, 0xE0, 0x9C), "\n"},
    {"arrows type nothing", SEQ(0xE0, 0x48, 0xE0, 0xC8, 0xE0, 0x4B), ""},
    {"unknown codes are ignored", SEQ(0x59, 0x7A, 0xFA, 0x1E), "a"},
    {"fake shifts around an E0 key are ignored", SEQ(0xE0, 0x2A, 0xE0, 0x52, 0x1E), "a"},
    {"Pause's six bytes are skipped", SEQ(0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5, 0x1E), "a"},
    {"alt does not change the character", SEQ(0x38, 0x1E, 0xB8), "a"},
};

static void run_case(const struct typing *t)
{
    struct keyboard_state s = {0};
    struct key_event e;
    char typed[32] = {0};
    int n = 0;
    for (int i = 0; i < t->count; i++)
        if (scancode_decode(&s, t->bytes[i], &e) && e.pressed && e.ch && n < 31)
            typed[n++] = e.ch;
    CHECK(strcmp(typed, t->typed) == 0, t->what);
}

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);
    {
        struct keyboard_state s = {0};
        struct key_event e;
        CHECK(scancode_decode(&s, 0x9E, &e) && e.key == 0x1E && !e.pressed && e.ch == 0,
              "a release is an event that types nothing");
        CHECK(!scancode_decode(&s, 0xE0, &e), "the E0 prefix alone is no event");
        CHECK(scancode_decode(&s, 0x48, &e) && e.key == KEY_UP && e.pressed,
              "E0 48 is the up arrow");
        CHECK(scancode_decode(&s, 0x48, &e) && e.key != KEY_UP,
              "the prefix applies to one byte only");
        scancode_decode(&s, 0x2A, &e);
        scancode_decode(&s, 0x1D, &e);
        CHECK(e.modifiers == (MOD_SHIFT | MOD_CTRL),
              "modifier bits show shift and ctrl held");
    }
    return check_done();
}
