# Compile a tangled tree into a kernel and a bootable ISO.
# Called by the top-level Makefile:  make -f tools/kernel.mk SRC=tangle OUT=build/kernel MAP=...
# SRC holds the tangled files, OUT receives objects, ELF files and ISOs.

.SUFFIXES:
MAKEFLAGS += --no-builtin-rules
ifeq ($(V),1)
Q :=
else
Q := @
endif

CC      := gcc
AS      := nasm
LD      := ld
PYTHON  ?= $(firstword $(wildcard /usr/bin/python3) python3)

# The kernel's files live in one folder per subsystem (boot/, console/, memory/...);
# every folder is on the include path, so a file includes a header by its name.
KERNEL_DIRS := $(sort $(dir $(wildcard $(SRC)/kernel/*/*)))
# abi/ holds what the kernel and its programs share (chapter 13).
ABI_DIR     := $(wildcard $(SRC)/abi)

# Chapter 1 explains each flag: a kernel has no C library, no operating system
# under it, and must not let the compiler use the red zone or SSE registers.
CFLAGS  := -std=c11 -O2 -g -Wall -Wextra -Werror=implicit-function-declaration -Werror=nested-externs -ffreestanding -fno-stack-protector \
           -fno-stack-check -fno-pic -fno-pie -mno-red-zone -mgeneral-regs-only \
           -fno-asynchronous-unwind-tables -fno-omit-frame-pointer -nostdlib \
           -ffunction-sections -fdata-sections \
           $(KERNEL_DIRS:$(SRC)/%/=-I%) $(ABI_DIR:$(SRC)/%=-I%)
ASFLAGS := -f elf64 -g -F dwarf -I$(OUT)/user/ -I$(OUT)/
# --gc-sections drops every function nothing refers to (chapter 7 says why).
LDFLAGS := -n -nostdlib -z noexecstack -z max-page-size=0x1000 --gc-sections

KERNEL_C    := $(sort $(wildcard $(SRC)/kernel/*/*.c))
KERNEL_ASM  := $(sort $(wildcard $(SRC)/kernel/*/*.asm))
KTEST_C     := $(sort $(wildcard $(SRC)/tests/kernel/*.c))
KTEST_ASM   := $(sort $(wildcard $(SRC)/tests/kernel/*.asm))
KERNEL_OBJS := $(KERNEL_ASM:$(SRC)/%.asm=$(OUT)/obj/%.o) $(KERNEL_C:$(SRC)/%.c=$(OUT)/obj/%.o)
KTEST_OBJS  := $(KTEST_C:$(SRC)/%.c=$(OUT)/obj/%.o) $(KTEST_ASM:$(SRC)/%.asm=$(OUT)/obj/%.o)

# Programs (chapter 13): each user/NAME.c, and each tests/user/NAME.c for the
# test kernel, linked with user/lib/ at USER_START into a flat binary NAME.bin,
# which the kernel's image carries with NASM's incbin.
USER_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Werror=implicit-function-declaration \
           -ffreestanding -fno-stack-protector -fpie \
           -fno-asynchronous-unwind-tables -nostdlib -ffunction-sections \
           -Iabi -Iuser/lib -Ikernel/lib
USER_LIB    := $(sort $(wildcard $(SRC)/user/lib/*.c))
# From chapter 15 the programs' printf shares the kernel's formatter, the same file.
ELF_LDSCRIPT := $(wildcard $(SRC)/user/elf.ld)
USER_SHARED := $(if $(ELF_LDSCRIPT),$(OUT)/obj/user/shared/format.o)
USER_LIB_OBJS := $(USER_LIB:$(SRC)/%.c=$(OUT)/obj/%.o) $(USER_SHARED)
USER_LDFLAGS := -nostdlib -static -z noexecstack -z max-page-size=0x1000 \
           --no-warn-rwx-segments --gc-sections
USER_PROGS  := $(sort $(wildcard $(SRC)/user/*.c))
TEST_PROGS  := $(sort $(wildcard $(SRC)/tests/user/*.c))
# Only the programs kernel/user/programs.asm carries are made flat; from
# chapter 15 the others live only in the ramdisk.
CARRIED     := $(shell sed -n 's/.*incbin "\(.*\)\.bin".*/\1/p' \
                 $(SRC)/kernel/user/programs.asm 2>/dev/null)
USER_BINS   := $(CARRIED:%=$(OUT)/user/%.bin)
TEST_BINS   := $(TEST_PROGS:$(SRC)/tests/user/%.c=$(OUT)/user/%.bin)
USER_LDSCRIPT := $(SRC)/user/program.ld
# Chapter 15: every program again, as an ELF file, packed into the ramdisk.
RAMDISK_FILES := $(if $(ELF_LDSCRIPT),$(USER_PROGS:$(SRC)/user/%.c=$(OUT)/ramdisk/%))
RAMDISK     := $(if $(ELF_LDSCRIPT),$(OUT)/programs.tar)
# Chapter 19: a RAM disk, a module of 128 KiB of zeros that the kernel calls ram0.
RAM_DISK    := $(if $(wildcard $(SRC)/kernel/block/ram_disk.c),$(OUT)/ram-disk.img)
# Chapter 22: mkfs and fsck, host programs built from the file system's own
# code; from then on the RAM disk is a file system of 1 MiB with the programs
# in /bin.
MKFS        := $(if $(wildcard $(SRC)/host/mkfs.c),$(OUT)/host/mkfs)
HOST_TOOLS  := $(if $(MKFS),$(OUT)/host/mkfs $(OUT)/host/fsck)
HOST_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Werror $(KERNEL_DIRS:%/=-I%) $(ABI_DIR:%=-I%)
LDSCRIPT    := $(SRC)/kernel/boot/linker.ld

# Diagnostics name the tangled file; MAP turns them into chapter lines.
ifneq ($(MAP),)
DIAG = 2>$@.diag; rc=$$?; if [ -s $@.diag ]; then $(PYTHON) tools/nw.py mapdiag $(MAP) <$@.diag >&2; fi; rm -f $@.diag; exit $$rc
else
DIAG =
endif

# GCC compiles each C file from inside its tree, with paths relative to the
# tree: `__FILE__` and the diagnostics name kernel/x.c whichever chapter's tree
# it is, and the same file in two chapters' trees is the same compilation,
# which ccache (tools/deps.sh kernel installs it) does once. The dependency
# files name headers relative to the tree too; vpath finds them there.
CCACHE  := $(shell command -v ccache 2>/dev/null)
# The cache is the tree's own (make clean empties it) unless CCACHE_DIR names
# another: make test names its own for the trees its tests copy.
export CCACHE_DIR ?= $(abspath build/ccache)
export CCACHE_NOHASHDIR := 1
# A tangled file is often compiled in the second it was written, which ccache
# would otherwise answer by preprocessing it again.
export CCACHE_SLOPPINESS := include_file_mtime,include_file_ctime
IN_TREE = (cd $(SRC) && $(CCACHE) $(CC) $(1) -MMD -MP -MT $@ -MF $(abspath $(@:.o=.d)) \
          -c $(<:$(SRC)/%=%) -o $(abspath $@))
vpath %.h $(SRC)
vpath %.c $(SRC)

.PHONY: iso test-iso elf relocs
# Keep the programs' objects and ELF files, which make would otherwise delete
# as intermediate steps of a chain.
.SECONDARY:
iso: $(OUT)/kernel.iso $(HOST_TOOLS)
test-iso: $(OUT)/kernel-test.iso
elf: $(OUT)/kernel.elf
relocs: $(OUT)/kernel-relocs.elf

$(OUT)/obj/%.o: $(SRC)/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(call IN_TREE,$(CFLAGS)) $(DIAG)

$(OUT)/obj/tests/kernel/%.o: $(SRC)/tests/kernel/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(call IN_TREE,$(CFLAGS)) $(DIAG)

$(OUT)/obj/user/%.o: $(SRC)/user/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(call IN_TREE,$(USER_CFLAGS)) $(DIAG)

$(OUT)/obj/tests/user/%.o: $(SRC)/tests/user/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(call IN_TREE,$(USER_CFLAGS)) $(DIAG)

$(OUT)/obj/user/shared/format.o: $(SRC)/kernel/lib/format.c
	@mkdir -p $(@D)
	@echo "  CC      $< (for programs)"
	$(Q)$(call IN_TREE,$(USER_CFLAGS)) $(DIAG)

$(OUT)/user/%.elf: $(OUT)/obj/user/%.o $(USER_LIB_OBJS) $(USER_LDSCRIPT)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(LD) -n $(USER_LDFLAGS) -T $(USER_LDSCRIPT) -o $@ $< $(USER_LIB_OBJS) $(DIAG)

$(OUT)/user/%.elf: $(OUT)/obj/tests/user/%.o $(USER_LIB_OBJS) $(USER_LDSCRIPT)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(LD) -n $(USER_LDFLAGS) -T $(USER_LDSCRIPT) -o $@ $< $(USER_LIB_OBJS) $(DIAG)

$(OUT)/ramdisk/%: $(OUT)/obj/user/%.o $(USER_LIB_OBJS) $(ELF_LDSCRIPT)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(LD) $(USER_LDFLAGS) -s -T $(ELF_LDSCRIPT) -o $@ $< $(USER_LIB_OBJS) $(DIAG)

# Fixed owners, dates and order: the same programs make the same archive.
$(OUT)/programs.tar: $(RAMDISK_FILES)
	@echo "  TAR     $@"
	$(Q)tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime=@0 --sort=name \
	    -C $(OUT)/ramdisk -cf $@ $(notdir $(RAMDISK_FILES))

$(OUT)/user/%.bin: $(OUT)/user/%.elf
	@echo "  BIN     $@"
	$(Q)objcopy -O binary $< $@

# The files that incbin a program need it built first.
$(OUT)/obj/kernel/user/programs.o: $(USER_BINS)
$(KTEST_ASM:$(SRC)/%.asm=$(OUT)/obj/%.o): $(TEST_BINS) $(RAMDISK)

# Chapter 16: the console's font comes from Debian's console-setup-linux; the
# build unpacks it, and kernel/console/font.asm carries it with incbin.
CONSOLE_FONT := /usr/share/consolefonts/Lat15-Terminus20x10.psf.gz
FONT_ASM    := $(wildcard $(SRC)/kernel/console/font.asm)
$(FONT_ASM:$(SRC)/%.asm=$(OUT)/obj/%.o): $(OUT)/console-font.psf
$(OUT)/console-font.psf: $(CONSOLE_FONT)
	@mkdir -p $(@D)
	@echo "  FONT    $@"
	$(Q)gzip -dc $< > $@.tmp && mv $@.tmp $@

$(OUT)/obj/%.o: $(SRC)/%.asm
	@mkdir -p $(@D)
	@echo "  AS      $<"
	$(Q)$(AS) $(ASFLAGS) -MD $(@:.o=.d) -MP $< -o $@ $(DIAG)

$(OUT)/kernel.elf: $(KERNEL_OBJS) $(LDSCRIPT)
	@echo "  LD      $@"
	$(Q)$(LD) $(LDFLAGS) -T $(LDSCRIPT) -o $@ $(KERNEL_OBJS) $(DIAG)

# The same link, keeping its relocations (--emit-relocs), for chapter 4's check
# that every function in the image is referenced. GRUB refuses to load such a
# file, so it is a separate one.
$(OUT)/kernel-relocs.elf: $(KERNEL_OBJS) $(LDSCRIPT)
	@echo "  LD      $@"
	$(Q)$(LD) $(LDFLAGS) --emit-relocs -T $(LDSCRIPT) -o $@ $(KERNEL_OBJS) $(DIAG)

$(OUT)/kernel-test.elf: $(KERNEL_OBJS) $(KTEST_OBJS) $(LDSCRIPT)
	@echo "  LD      $@"
	$(Q)$(LD) $(LDFLAGS) -T $(LDSCRIPT) -o $@ $(KERNEL_OBJS) $(KTEST_OBJS) $(DIAG)

# grub-mkrescue packs GRUB's BIOS image, grub.cfg and the kernel into an ISO;
# tools/iso.sh runs it once and then replays its xorriso step for new kernels.
MKRESCUE = tools/iso.sh $@ $(@:.iso=.isodir)

# With a ramdisk (chapter 15), grub.cfg gains its module2 line, and a comment
# with the archive's checksum, so that tools/iso.sh rebuilds the ISO when the
# programs change even if the kernel did not; the same for the RAM disk's
# image (chapter 19), which holds the programs from chapter 22.
$(OUT)/kernel.iso: $(OUT)/kernel.elf grub.cfg $(RAMDISK) $(RAM_DISK)
	@echo "  ISO     $@"
	$(Q)grub-file --is-x86-multiboot2 $< || { echo "$<: no Multiboot2 header" >&2; exit 1; }
	$(Q)rm -rf $(@:.iso=.isodir) && mkdir -p $(@:.iso=.isodir)/boot/grub
	$(Q)cp $< $(@:.iso=.isodir)/boot/kernel.elf && cp grub.cfg $(@:.iso=.isodir)/boot/grub/
	$(if $(RAM_DISK),$(Q)cp $(RAM_DISK) $(@:.iso=.isodir)/boot/disk.img && \
	    sed -i "s|^\( *\)multiboot2 .*|&\n\1module2 /boot/disk.img disk|" \
	        $(@:.iso=.isodir)/boot/grub/grub.cfg && \
	    echo "# disk.img: $$(cksum < $(RAM_DISK))" >> $(@:.iso=.isodir)/boot/grub/grub.cfg)
	$(if $(RAMDISK),$(Q)cp $(RAMDISK) $(@:.iso=.isodir)/boot/programs.tar && \
	    sed -i "s|^\( *\)multiboot2 .*|&\n\1module2 /boot/programs.tar programs|" \
	        $(@:.iso=.isodir)/boot/grub/grub.cfg && \
	    echo "# programs.tar: $$(cksum < $(RAMDISK))" >> $(@:.iso=.isodir)/boot/grub/grub.cfg)
	$(Q)$(MKRESCUE)

ifeq ($(MKFS),)
$(OUT)/ram-disk.img:
	@echo "  DISK    $@"
	$(Q)mkdir -p $(@D) && rm -f $@ && truncate -s 128K $@
else
$(OUT)/ram-disk.img: $(MKFS) $(RAMDISK_FILES)
	@echo "  MKFS    $@"
	$(Q)$(MKFS) $@ 1024 $(RAMDISK_FILES)
endif

$(OUT)/host/%: $(SRC)/host/%.c $(SRC)/host/kernel_on_host.h $(wildcard $(SRC)/kernel/fs/*)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)gcc $(HOST_CFLAGS) -o $@ $< $(DIAG)

$(OUT)/kernel-test.iso: $(OUT)/kernel-test.elf $(SRC)/tests/grub.cfg
	@echo "  ISO     $@"
	$(Q)rm -rf $(@:.iso=.isodir) && mkdir -p $(@:.iso=.isodir)/boot/grub
	$(Q)cp $< $(@:.iso=.isodir)/boot/kernel.elf && cp $(SRC)/tests/grub.cfg $(@:.iso=.isodir)/boot/grub/
	$(Q)$(MKRESCUE)

-include $(KERNEL_OBJS:.o=.d) $(KTEST_OBJS:.o=.d) $(USER_LIB_OBJS:.o=.d) \
         $(USER_PROGS:$(SRC)/%.c=$(OUT)/obj/%.d) $(TEST_PROGS:$(SRC)/%.c=$(OUT)/obj/%.d)
