/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#ifndef SCANCODE_H
#define SCANCODE_H
#include <stdbool.h>
#include <stdint.h>

#define KEY_EXTENDED 0x100      /* key codes of E0-prefixed keys */
enum key_code {
    KEY_ESCAPE = 0x01, KEY_BACKSPACE = 0x0E, KEY_TAB = 0x0F, KEY_ENTER = 0x1C,
    KEY_LEFT_CTRL = 0x1D, KEY_LEFT_SHIFT = 0x2A, KEY_RIGHT_SHIFT = 0x36,
    KEY_LEFT_ALT = 0x38, KEY_SPACE = 0x39, KEY_CAPS_LOCK = 0x3A,
    KEY_RIGHT_CTRL = KEY_EXTENDED | 0x1D, KEY_RIGHT_ALT = KEY_EXTENDED | 0x38,
    KEY_HOME = KEY_EXTENDED | 0x47, KEY_UP = KEY_EXTENDED | 0x48,
    KEY_PAGE_UP = KEY_EXTENDED | 0x49, KEY_LEFT = KEY_EXTENDED | 0x4B,
    KEY_RIGHT = KEY_EXTENDED | 0x4D, KEY_END = KEY_EXTENDED | 0x4F,
    KEY_DOWN = KEY_EXTENDED | 0x50, KEY_PAGE_DOWN = KEY_EXTENDED | 0x51,
    KEY_INSERT = KEY_EXTENDED | 0x52, KEY_DELETE = KEY_EXTENDED | 0x53,
};

enum { MOD_SHIFT = 1, MOD_CTRL = 2, MOD_ALT = 4, MOD_CAPS = 8 };

struct key_event {
    uint16_t key;       /* set-1 make code, or KEY_EXTENDED | code */
    bool pressed;
    char ch;            /* the character typed, or 0 */
    uint8_t modifiers;  /* MOD_* bits in effect */
};

struct keyboard_state {
    bool extended;      /* the previous byte was 0xE0 */
    uint8_t skip;       /* bytes left of a Pause sequence */
    bool left_shift, right_shift, ctrl_left, ctrl_right, alt_left, alt_right;
    bool caps_lock, caps_key_down;
};

bool scancode_decode(struct keyboard_state *s, uint8_t byte, struct key_event *event);
#endif
