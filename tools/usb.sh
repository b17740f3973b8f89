#!/bin/sh
# Write the book's image to a USB stick (chapter 17, "Trying it on your own PC").
# Usage: tools/usb.sh ISO [DEVICE]
# Without DEVICE, lists the USB sticks. With one, refuses, writing nothing and
# saying why, any device that is not a whole USB disk that is removable, that
# is mounted, or that holds the running system; then asks before it writes.
# USB_SYSFS and USB_MOUNTS replace /sys and /proc/mounts for the book's test.
set -u
iso=$1 dev=${2:-}
sys=${USB_SYSFS:-/sys}
mounts=${USB_MOUNTS:-/proc/mounts}

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
[ -b "$dev" ] || refuse "it is not a block device"
name=$(basename "$(readlink -f "$dev")")
[ -d "$sys/block/$name" ] || refuse "it is a partition or not a disk: give the whole disk"
is_usb "$name" || refuse "it is not a USB device"
removable "$name" || refuse "it is not removable"
root=$(awk '$2 == "/" { print $1 }' "$mounts")
case "$root" in /dev/"$name"*) refuse "it holds the running system (/)" ;; esac
where=$(awk -v d="/dev/$name" 'index($1, d) == 1 { print $2; exit }' "$mounts")
[ -z "$where" ] || refuse "it is mounted at $where"
[ -f "$iso" ] || refuse "there is no image at $iso"

echo "usb: $dev is $(model "$name"), $(size "$name")."
printf 'usb: everything on it will be lost. Type yes to write %s: ' "$iso"
read -r answer || answer=
[ "$answer" = yes ] || refuse "the answer was not yes"
dd if="$iso" of="$dev" bs=4M conv=fsync status=none ||
    { echo "usb: writing $dev failed; the stick may hold part of the image" >&2; exit 1; }
echo "usb: written; remove the stick and boot a PC from it"
