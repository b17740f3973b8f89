/* Tangled from chapters/07-hardware-interrupts.nw. Edit the chapter, not this file. */
#include "scancode.h"

static const char us_plain[0x3A] =
    "\0\0331234567890-=\b\tqwertyuiop[]\n\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
static const char us_shifted[0x3A] =
    "\0\033!@#$%^&*()_+\b\tQWERTYUIOP{}\n\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";

static bool known_key(uint16_t key)
{
    if (!(key & KEY_EXTENDED))
        return key >= 0x01 && key <= 0x58 && key != 0x54 && key != 0x55 && key != 0x56;
    switch (key & 0xFF) {
    case 0x1C: case 0x1D: case 0x35: case 0x38: case 0x47: case 0x48: case 0x49:
    case 0x4B: case 0x4D: case 0x4F: case 0x50: case 0x51: case 0x52: case 0x53:
    case 0x5B: case 0x5C: case 0x5D:
        return true;
    default:
        return false;
    }
}
static void track_modifiers(struct keyboard_state *s, uint16_t key, bool pressed)
{
    switch (key) {
    case KEY_LEFT_SHIFT: s->left_shift = pressed; break;
    case KEY_RIGHT_SHIFT: s->right_shift = pressed; break;
    case KEY_LEFT_CTRL: s->ctrl_left = pressed; break;
    case KEY_RIGHT_CTRL: s->ctrl_right = pressed; break;
    case KEY_LEFT_ALT: s->alt_left = pressed; break;
    case KEY_RIGHT_ALT: s->alt_right = pressed; break;
    case KEY_CAPS_LOCK:
        if (pressed && !s->caps_key_down)
            s->caps_lock = !s->caps_lock;
        s->caps_key_down = pressed;
        break;
    default: break;
    }
}

static uint8_t modifiers(const struct keyboard_state *s)
{
    return (uint8_t)((s->left_shift || s->right_shift ? MOD_SHIFT : 0) |
                     (s->ctrl_left || s->ctrl_right ? MOD_CTRL : 0) |
                     (s->alt_left || s->alt_right ? MOD_ALT : 0) |
                     (s->caps_lock ? MOD_CAPS : 0));
}
static char key_character(uint16_t key, uint8_t mods)
{
    if (key == (KEY_EXTENDED | 0x1C))
        return '\n';
    if (key == (KEY_EXTENDED | 0x35))
        return '/';
    if ((key & KEY_EXTENDED) || key >= 0x3A)
        return 0;
    char plain = us_plain[key];
    bool letter = plain >= 'a' && plain <= 'z';
    bool upper = (mods & MOD_SHIFT) != 0;
    if (letter && (mods & MOD_CAPS))
        upper = !upper;
    char c = upper ? (letter ? (char)(plain - 'a' + 'A') : us_shifted[key]) : plain;
    if (letter && (mods & MOD_CTRL))
        return (char)(plain - 'a' + 1);
    return c;
}
bool scancode_decode(struct keyboard_state *s, uint8_t byte, struct key_event *event)
{
    if (s->skip > 0) {
        s->skip--;
        return false;
    }
    if (byte == 0xE1) {             /* Pause: E1 1D 45 E1 9D C5 */
        s->skip = 5;
        return false;
    }
    if (byte == 0xE0) {
        s->extended = true;
        return false;
    }
    bool extended = s->extended;
    s->extended = false;
    uint8_t code = byte & 0x7F;
    if (extended && (code == 0x2A || code == 0x36))
        return false;
    uint16_t key = (uint16_t)((extended ? KEY_EXTENDED : 0) | code);
    if (!known_key(key))
        return false;
    bool pressed = (byte & 0x80) == 0;
    track_modifiers(s, key, pressed);
    event->key = key;
    event->pressed = pressed;
    event->modifiers = modifiers(s);
    event->ch = pressed ? key_character(key, event->modifiers) : 0;
    return true;
}
