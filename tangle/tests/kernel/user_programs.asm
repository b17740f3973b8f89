; Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file.
section .rodata.probe
global program_probe, program_probe_end
program_probe:      incbin "probe.bin"
program_probe_end:
section .note.GNU-stack noalloc noexec nowrite progbits
