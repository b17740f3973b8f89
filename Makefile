# The book's build.  `make help` lists the verbs; chapter 1 explains them.
#
#   make                 tangle the chapters and build build/kernel/kernel.iso
#   make run             ... and boot it in QEMU
#   make test            every test of every chapter; ends with "N passed, N failed"
#   make book            build/book/html/index.html, build/book/book.pdf and .epub
#   make html            only the HTML book (after a prose edit: that chapter's page)
#   make epub            the EPUB edition, build/book/book.epub
#   make CHAPTER=3 run   the kernel as it stands at the end of chapter 3
#   make run FIRMWARE=uefi   boot under UEFI firmware (OVMF) instead of the BIOS
#   make run DISK=f.img  attach f.img as the virtio disk (default build/disk.img)
#   make run KERNEL_SHELL=1  the kernel's own shell instead of init and sh (chapter 24)
#   make fsck            check that disk's file system (chapter 22); DISK= another
#   make new-disk        make that disk again: an empty file system, programs in /bin
#   make usb DEV=/dev/sdX    write the image to a USB stick (without DEV: list them)
#   make fuzz            run every fuzz harness for FUZZ_SECONDS (default 60) each
#   make soak            keep the final kernel busy for SOAK_SECONDS (default 3600)
#   make crash           kill QEMU CRASH_KILLS times (default 50) while it commits,
#                        and as many while it writes files
#   make labs            the labs; make lab LAB=x DIR=d, make grade (chapter 1)
#   V=1                  show full commands

.SUFFIXES:
MAKEFLAGS += --no-builtin-rules --no-print-directory
SHELL := /bin/sh

V ?= 0
DISK ?= build/disk.img
ifeq ($(V),1)
Q :=
else
Q := @
endif
export V

ALL_CHAPTERS := $(sort $(wildcard chapters/[0-9][0-9]-*.nw))
LAST_CHAPTER := $(shell n='$(notdir $(lastword $(ALL_CHAPTERS)))'; echo $${n%%-*})

ifdef CHAPTER
  N := $(shell printf '%02d' "$$(expr '$(CHAPTER)' + 0 2>/dev/null)" 2>/dev/null)
  CHAPTERS := $(shell printf '%s\n' $(ALL_CHAPTERS) | \
                awk -F/ '{ split($$2, a, "-"); if (a[1] + 0 <= $(N) + 0) print }')
  ifeq ($(wildcard chapters/$(N)-*.nw),)
    $(error CHAPTER=$(CHAPTER): there is no chapters/$(N)-*.nw; chapters are 01 to $(LAST_CHAPTER))
  endif
  SRC := build/ch$(N)/src
  OUT := build/ch$(N)
  GUARD :=
else
  N := $(LAST_CHAPTER)
  CHAPTERS := $(ALL_CHAPTERS)
  SRC := tangle
  OUT := build/kernel
  GUARD := --guard
endif
MAP := $(OUT)/linemap.json
# The pyenv shim that may come first in PATH costs 70 to 300 ms a call; Debian's
# python3 does not.
PYTHON := $(firstword $(wildcard /usr/bin/python3) python3)
export PYTHON
JOBS ?= $(shell nproc 2>/dev/null || echo 1)
# Where notangle's agreements are kept (tools/nw.py --agreed); make test names
# its own for the trees its tests copy.
TANGLE_AGREED ?= build/tangle-agreed
KMAKE = $(MAKE) -j$(JOBS) -f tools/kernel.mk SRC=$(SRC) OUT=$(OUT) MAP=$(MAP)

PHONY_DISK := fsck new-disk
.PHONY: all kernel tangle run usb test $(PHONY_DISK) book html epub debug bench fuzz soak crash clean help deps labs lab grade autograder

all: kernel

help:
	@sed -n '2,18p' Makefile | sed 's/^# \{0,1\}//'
	@echo "  make debug           QEMU waits for gdb; then: gdb -x $(OUT:build/%=build/debug)/gdbinit"
	@echo "  make bench           build/bench.json: build, edit-to-ISO, boot and size figures"

deps:
	$(Q)tools/deps.sh tangle kernel run test book debug bench fuzz audit

tangle:
	$(Q)tools/deps.sh tangle
	@echo "  TANGLE  $(SRC)/ from $(words $(CHAPTERS)) chapter(s)"
	$(Q)$(PYTHON) tools/nw.py tangle --out $(SRC) $(GUARD) --map $(MAP) \
	    --agreed $(TANGLE_AGREED) $(CHAPTERS)

kernel: tangle
	$(Q)tools/deps.sh kernel
	$(Q)$(KMAKE) iso

run: kernel
	$(Q)tools/deps.sh run
	$(Q)FIRMWARE=$(FIRMWARE) DISK=$(DISK) OUT=$(OUT) KERNEL_SHELL=$(KERNEL_SHELL) \
	    tools/run.sh $(OUT)/kernel.iso \
	    $(OUT)/serial.log

fsck: kernel
	$(Q)test -x $(OUT)/host/fsck || { echo "fsck: this chapter's kernel has no file system" >&2; exit 2; }
	$(Q)$(OUT)/host/fsck $(DISK)

new-disk: kernel
	$(Q)rm -f $(DISK) && DISK=$(DISK) OUT=$(OUT) tools/run.sh --disk-only

usb: kernel
	$(Q)tools/usb.sh $(OUT)/kernel.iso $(DEV)

debug:
	$(Q)tools/deps.sh tangle kernel run debug
	@echo "  TANGLE  build/debug$(N)/src/ with #line and %line"
	$(Q)$(PYTHON) tools/nw.py tangle --out build/debug$(N)/plain --debug build/debug$(N)/src \
	    --agreed $(TANGLE_AGREED) $(CHAPTERS)
	$(Q)$(MAKE) -f tools/kernel.mk SRC=build/debug$(N)/src OUT=build/debug$(N) MAP= iso
	$(Q)tools/debug.sh build/debug$(N)

test:
	$(Q)tools/deps.sh tangle kernel test fuzz audit
	$(Q)$(PYTHON) tools/test.py $(if $(CHAPTER),--chapter $(N))

book:
	$(Q)tools/deps.sh tangle kernel run book
	$(Q)$(MAKE) -j$(JOBS) -f tools/book.mk

html:
	$(Q)tools/deps.sh tangle kernel run book
	$(Q)$(MAKE) -j$(JOBS) -f tools/book.mk html

epub:
	$(Q)tools/deps.sh tangle kernel run book
	$(Q)$(MAKE) -j$(JOBS) -f tools/book.mk html epub

bench:
	$(Q)tools/deps.sh tangle kernel test bench book fuzz audit
	$(Q)$(PYTHON) tools/bench.py

fuzz: tangle
	$(Q)tools/deps.sh fuzz
	$(Q)$(PYTHON) tools/fuzz.py --src $(SRC) --out $(OUT)

soak: kernel
	$(Q)tools/deps.sh run
	$(Q)$(PYTHON) tools/soak.py

crash: kernel
	$(Q)tools/deps.sh run
	$(Q)$(PYTHON) tools/crash.py
	$(Q)if [ -x $(OUT)/host/fsck ]; then $(PYTHON) tools/crash.py --files; fi

clean:
	rm -rf build

# Labs (chapter 1 explains them): a student's tree, and its grade.
labs:
	$(Q)$(PYTHON) tools/lab.py list

lab:
	$(Q)if [ -z "$(LAB)" ] || [ -z "$(DIR)" ]; then \
	    echo "usage: make lab LAB=name DIR=path; the labs are:"; \
	    $(PYTHON) tools/lab.py list; exit 2; fi
	$(Q)$(PYTHON) tools/lab.py student "$(LAB)" "$(DIR)"

autograder:
	$(Q)if [ -z "$(LAB)" ] || [ -z "$(DIR)" ]; then \
	    echo "usage: make autograder LAB=name DIR=path; the labs are:"; \
	    $(PYTHON) tools/lab.py list; exit 2; fi
	$(Q)$(PYTHON) tools/lab.py autograder "$(LAB)" "$(DIR)"

grade:
	$(Q)tools/deps.sh tangle kernel test
	$(Q)$(PYTHON) tools/grade.py "$(LAB)" $(if $(SUBMISSION),--submission "$(SUBMISSION)")
