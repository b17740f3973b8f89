# Tangled from chapters/17-acpi-and-the-apic.nw. Edit the chapter, not this file.
#!/bin/sh
# make usb refuses every device it must, writes nothing then, and writes a stick.
set -u
work=$(mktemp -d)
truncate -s 1M "$work/disk"
disk=$(losetup -f --show "$work/disk") ||
    { echo "not ok 1 a loop device (losetup failed)"; rm -rf "$work"; exit 1; }
trap 'losetup -d "$disk"; rm -rf "$work"' EXIT
name=${disk##*/}
head -c 65536 /dev/urandom > "$work/image.iso"
stick=$work/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1/host6/block/$name
mkdir -p "$stick/device" "$stick/holders" "$stick/${name}p1/holders" "$work/sys/block"
ln -s "$stick" "$work/sys/block/$name"
echo 1 > "$stick/removable"
echo 2048 > "$stick/size"
echo "Book Stick" > "$stick/device/model"
cat "/sys/block/$name/dev" > "$stick/dev"
echo "259:77" > "$stick/${name}p1/dev"
: > "$work/mountinfo"
echo "Filename Type Size Used Priority" > "$work/swaps"
n=0
try() {   # try WHAT DEVICE ANSWER EXPECTED-TEXT [ENV...]: one case of make usb
    what=$1 device=$2 answer=$3 expect=$4; shift 4
    n=$((n + 1))
    echo "$answer" | env "$@" "$REPO/tools/usb.sh" "$work/image.iso" "$device" \
        > "$work/out" 2>&1
    rc=$?
    if grep -q "$expect" "$work/out"; then echo "ok $n $what"
    else echo "not ok $n $what"; sed 's/^/# /' "$work/out"; fi
}
untouched() {
    n=$((n + 1))
    if cmp -s -n 1048576 "$work/disk" /dev/zero && [ "$rc" != 0 ]; then
        echo "ok $n ... and fails, writing nothing"
    else echo "not ok $n ... and fails, writing nothing (exit $rc)"; fi
}
fake="USB_TEST=1 USB_SYSFS=$work/sys USB_MOUNTINFO=$work/mountinfo USB_SWAPS=$work/swaps"
n=$((n + 1))
if env $fake "$REPO/tools/usb.sh" "$work/image.iso" | grep -q "/dev/$name"
then echo "ok $n without DEV, the stick is listed"; else echo "not ok $n listing"; fi
try "the real /sys: a loop device is not USB" "$disk" yes "not a USB device"; untouched
try "fakes without USB_TEST=1 are ignored" "$disk" yes "not a USB device" \
    USB_SYSFS="$work/sys"; untouched
try "a file is not a block device" "$work/disk" yes "not a block device"; untouched
echo 0 > "$stick/removable"
try "a disk not marked removable" "$disk" yes "not removable" $fake; untouched
echo 1 > "$stick/removable"
echo "36 25 259:77 / /media/stick rw - vfat /dev/disk/by-id/usb-x-part1 rw" \
    > "$work/mountinfo"
try "a partition mounted by another name" "$disk" yes "mounted at /media/stick" $fake
untouched
echo "22 1 $(cat "$stick/dev") / / rw - ext4 /dev/root rw" > "$work/mountinfo"
try "the disk of the running system" "$disk" yes "running system" $fake; untouched
: > "$work/mountinfo"
echo "/dev/${name}p1 partition 1024 0 -2" >> "$work/swaps"
try "a partition used as swap" "$disk" yes "used as swap" $fake; untouched
echo "Filename Type Size Used Priority" > "$work/swaps"
mkdir "$stick/${name}p1/holders/dm-3"
try "a partition held by device mapper" "$disk" yes "held by dm-3" $fake; untouched
rmdir "$stick/${name}p1/holders/dm-3"
try "an answer other than yes" "$disk" no "not yes" $fake; untouched
try "yes writes the image" "$disk" yes "written" $fake
n=$((n + 1))
if cmp -s -n 65536 "$work/disk" "$work/image.iso" && [ "$rc" = 0 ]
then echo "ok $n ... exactly"; else echo "not ok $n ... exactly"; fi
echo "1..$n"
