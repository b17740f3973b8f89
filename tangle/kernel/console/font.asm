; Tangled from chapters/16-a-screen-on-any-pc.nw. Edit the chapter, not this file.
; The console's font: a PSF2 file the build unpacks from Debian's
; console-setup-linux (Terminus, SIL Open Font License 1.1).
section .rodata
global console_font, console_font_end
console_font:
        incbin "console-font.psf"
console_font_end:
