#!/bin/sh
# Write the book's image to a USB stick (chapter 17, "Trying it on your own PC").
# Usage: tools/usb.sh ISO [DEVICE]
# Without DEVICE, lists the USB sticks. With one, refuses, writing nothing and
# saying why, any device that is not a whole USB disk that is removable, whose
# disk or partitions are mounted (by any name: the kernel's numbers are
# compared), used as swap or held by another device (LVM, RAID, encryption),
# or that holds the running system; then asks, checks everything again, and
# writes the disk the checks named.
# The book's test replaces /sys, /proc/self/mountinfo and /proc/swaps with
# USB_SYSFS, USB_MOUNTINFO and USB_SWAPS, honoured only with USB_TEST=1.
set -u
iso=$1 dev=${2:-}
sys=/sys mountinfo=/proc/self/mountinfo swaps=/proc/swaps
if [ "${USB_TEST:-}" = 1 ]; then
    sys=${USB_SYSFS:-$sys} mountinfo=${USB_MOUNTINFO:-$mountinfo} swaps=${USB_SWAPS:-$swaps}
fi

is_usb() { case "$(readlink -f "$sys/block/$1")" in */usb*) return 0 ;; esac; return 1; }
removable() { [ "$(cat "$sys/block/$1/removable" 2>/dev/null)" = 1 ]; }
model() { tr -s ' ' < "$sys/block/$1/device/model" 2>/dev/null || echo "(no model)"; }
size() { echo "$(( $(cat "$sys/block/$1/size") * 512 / 1000000 )) MB"; }

if [ -z "$dev" ]; then
    found=0
    for path in "$sys"/block/*; do
        name=${path##*/}
        if is_usb "$name" && removable "$name"; then
            echo "  /dev/$name  $(size "$name")  $(model "$name")"
            found=1
        fi
    done
    [ $found = 1 ] || echo "usb: no removable USB disk is attached"
    echo "usage: make usb DEV=/dev/NAME"
    exit 0
fi

refuse() { echo "usb: refusing $dev: $*; nothing was written" >&2; exit 1; }

# The disk and its partitions: "name major:minor" per line.
parts() {
    for d in "$sys/block/$name" "$sys/block/$name/$name"*; do
        [ -f "$d/dev" ] && echo "${d##*/} $(cat "$d/dev")"
    done
}

check() {
    [ -b "$dev" ] || refuse "it is not a block device"
    name=$(basename "$(readlink -f "$dev")")
    [ -d "$sys/block/$name" ] || refuse "it is a partition or not a disk: give the whole disk"
    is_usb "$name" || refuse "it is not a USB device"
    removable "$name" || refuse "it is not removable"
    parts > "$list"
    while read -r part number; do
        # mountinfo: ID PARENT MAJOR:MINOR ROOT MOUNTPOINT ...
        where=$(awk -v n="$number" '$3 == n { print $5; exit }' "$mountinfo")
        [ "$where" = / ] && refuse "it holds the running system (/ is on $part)"
        [ -z "$where" ] || refuse "$part is mounted at $where"
        awk -v p="/dev/$part" '$1 == p { found = 1 } END { exit !found }' "$swaps" &&
            refuse "$part is used as swap"
        for holder in "$sys/block/$name/holders/"* "$sys/block/$name/$part/holders/"*; do
            [ -e "$holder" ] && refuse "$part is held by ${holder##*/} (LVM, RAID or encryption)"
        done
    done < "$list"
    [ -f "$iso" ] || refuse "there is no image at $iso"
}

list=$(mktemp) && trap 'rm -f "$list"' EXIT
check
echo "usb: $dev is $(model "$name"), $(size "$name")."
printf 'usb: everything on it will be lost. Type yes to write %s: ' "$iso"
read -r answer || answer=
[ "$answer" = yes ] || refuse "the answer was not yes"
check                           # the stick may have changed while we waited
dd if="$iso" of="/dev/$name" bs=4M conv=fsync status=none ||
    { echo "usb: writing /dev/$name failed; the stick may hold part of the image" >&2; exit 1; }
echo "usb: written; remove the stick and boot a PC from it"
