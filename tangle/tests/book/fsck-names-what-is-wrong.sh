# Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file.
#!/bin/sh
# mkfs makes what fsck calls clean; fsck names each kind of damage.
set -u
bin=$REPO/build/kernel/host
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin/mkfs" "$work/clean.img" 256 "$REPO/README.md" "$REPO/LICENSE" ||
    { echo "not ok 1 mkfs makes an image"; exit 1; }
n=0
damaged() {   # damaged WHAT EXIT TEXT [BLOCK OFFSET SIZE VALUE]...
    what=$1 status=$2 text=$3; shift 3
    n=$((n + 1))
    cp "$work/clean.img" "$work/d.img"
    "${PYTHON:-python3}" - "$work/d.img" "$@" <<'PY'
import struct, sys
f = open(sys.argv[1], "r+b")
args = sys.argv[2:]
for i in range(0, len(args), 4):
    block, offset, size, value = (int(a, 0) for a in args[i:i + 4])
    f.seek(block * 1024 + offset)
    f.write(value.to_bytes(size, "little"))
PY
    "$bin/fsck" "$work/d.img" > "$work/out" 2>&1
    rc=$?
    if [ "$rc" -eq "$status" ] && grep -q "$text" "$work/out"; then echo "ok $n $what"
    else echo "not ok $n $what (exit $rc)"; sed 's/^/# /' "$work/out"; fi
}
damaged "an undamaged image is clean" 0 "clean: "
damaged "a wrong magic number" 1 "no file system here" 0 0 4 0x12345678
damaged "a bitmap bit set for a free block" 1 "block 255 is marked used" 36 31 1 0x80
damaged "a link count that is not the number of names" 1 \
    "inode 3 has 2 links, but 1 names" 32 194 2 2
damaged "an entry naming a free inode" 1 "names inode 50, which is free" 37 64 4 50
damaged "one name twice in a directory" 1 "names README.md twice" \
    38 100 10 0x646d2e454d44414552
fourth=$(od -An -tu4 -j $((32 * 1024 + 264)) -N4 "$work/clean.img" | tr -d ' ')
damaged "two inodes naming one block" 1 "is named twice" 32 200 4 "$fourth"
damaged "a block number outside the data region" 1 "outside the data region" 32 200 4 5
damaged "a damaged log header" 1 "the log's header is damaged" 1 0 4 0x3147474C 1 4 4 99
damaged "a committed transaction is replayed before the check" 1 \
    "the bitmap says it is free" 1 0 4 0x3147474C 1 4 4 1 1 8 8 36 2 0 1024 0
damaged "a replay that changes nothing in use" 0 "checked as the kernel" \
    1 0 4 0x3147474C 1 4 4 1 1 8 8 255 2 0 1024 0
n=$((n + 1))
if "$bin/mkfs" "$work/x.img" 10 2>"$work/out"; then
    echo "not ok $n mkfs refuses 10 blocks"
else echo "ok $n mkfs refuses 10 blocks"; fi
n=$((n + 1))
if "$bin/mkfs" "$work/x.img" 256 "$work/missing" 2>"$work/out" ||
    ! grep -q "cannot be read" "$work/out"; then
    echo "not ok $n mkfs names a missing file"
else echo "ok $n mkfs names a missing file"; fi
echo "1..$n"
