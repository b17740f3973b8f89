; Tangled from chapters/13-user-mode.nw (with 14-processes.nw). Edit the chapter, not this file.
; The programs of user/, as flat binaries inside the kernel's image.
section .rodata.programs
global program_hello, program_hello_end, program_crash, program_crash_end
program_hello:      incbin "hello.bin"
program_hello_end:
program_crash:      incbin "crash.bin"
program_crash_end:
global program_spin, program_spin_end
program_spin:       incbin "spin.bin"
program_spin_end:
global program_flood, program_flood_end
program_flood:      incbin "flood.bin"
program_flood_end:
section .note.GNU-stack noalloc noexec nowrite progbits
