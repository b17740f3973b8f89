; Tangled from chapters/14-processes.nw. Edit the chapter, not this file.
section .rodata.worker
global program_worker, program_worker_end
program_worker:     incbin "worker.bin"
program_worker_end:
section .note.GNU-stack noalloc noexec nowrite progbits
