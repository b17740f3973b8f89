; Tangled from chapters/15-programs-from-a-ramdisk.nw. Edit the chapter, not this file.
section .rodata.ramdisk
global test_ramdisk, test_ramdisk_end
test_ramdisk:       incbin "programs.tar"
test_ramdisk_end:
section .note.GNU-stack noalloc noexec nowrite progbits
