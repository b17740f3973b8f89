#!/bin/sh
# Boot an ISO in QEMU for a reader: the VGA screen in a window, or in this
# terminal when there is no graphical display; COM1 goes to a log file.
# FIRMWARE=uefi boots it under OVMF, UEFI firmware for QEMU, instead of the
# BIOS (SeaBIOS), with a private copy of the firmware's variables.
# DISK is attached as a virtio disk (chapter 19); a missing one is made,
# 16 MiB: a file system with the programs in /bin when the chapter's kernel
# has mkfs (OUT/host/mkfs, chapter 22), zeros before that.
# run.sh --disk-only makes the disk and stops (make new-disk).
# KERNEL_SHELL=1 asks the kernel (chapter 24 on) for its own shell instead of
# init and the shell in ring 3, through the SMBIOS serial that grub.cfg reads.
make_disk() {
    [ -f "$DISK" ] && return 0
    mkdir -p "$(dirname "$DISK")"
    if [ -x "${OUT:-build/kernel}/host/mkfs" ]; then
        # shellcheck disable=SC2046
        "${OUT:-build/kernel}/host/mkfs" "$DISK" 16384 $(ls "${OUT:-build/kernel}"/ramdisk/* 2>/dev/null) || exit 1
        echo "  MKFS    $DISK: a new disk, 16 MiB, the programs in /bin"
    else
        truncate -s 16M "$DISK"
        echo "  DISK    $DISK: a new disk, 16 MiB of zeros"
    fi
}
if [ "$1" = --disk-only ]; then make_disk; exit 0; fi
iso=$1 log=$2
[ -f "$iso" ] || { echo "run.sh: $iso does not exist" >&2; exit 1; }
display="-display curses"
if [ -n "$DISPLAY" ] || [ -n "$WAYLAND_DISPLAY" ]; then display=""; fi
firmware=""
case "${FIRMWARE:-bios}" in
    bios) ;;
    uefi)
        vars=$(dirname "$log")/OVMF_VARS.fd
        cp /usr/share/OVMF/OVMF_VARS.fd "$vars"
        firmware="-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd"
        firmware="$firmware -drive if=pflash,format=raw,file=$vars"
        echo "  UEFI    OVMF: no VGA text mode under UEFI, so the kernel's text is only in $log"
        ;;
    *) echo "run.sh: FIRMWARE=$FIRMWARE: the firmwares are bios and uefi" >&2; exit 2 ;;
esac
drive=""
if [ -n "$DISK" ]; then
    make_disk
    drive="-drive file=$DISK,format=raw,if=virtio"
fi
if [ -z "$display" ]; then
    echo "  QEMU    $iso  (close the window to quit; serial log: $log)"
else
    echo "  QEMU    $iso  (quit: press Esc then 2, type quit, Enter; serial log: $log)"
    sleep 1
fi
shell=""
if [ -n "$KERNEL_SHELL" ]; then shell="-smbios type=1,serial=kernel-shell"; fi
# -no-reboot: a triple fault stops QEMU instead of rebooting in a loop.
# shellcheck disable=SC2086
exec qemu-system-x86_64 $firmware -cdrom "$iso" -boot d -m 128M -no-reboot \
    -serial file:"$log" $display $drive $shell $QEMUFLAGS
