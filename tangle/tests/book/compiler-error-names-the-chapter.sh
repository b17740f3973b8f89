# Tangled from chapters/01-how-this-book-works.nw. Edit the chapter, not this file.
#!/bin/sh
# GCC's messages must point at the chapter line that holds the code.
set -u
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
for part in chapters tools Makefile grub.cfg; do cp -r "$REPO/$part" "$work"/; done
cd "$work" || exit 1
ch=chapters/03-text-on-the-screen.nw
line=$(grep -n '^    outb(COM1 + UART_DATA, (uint8_t)queue' $ch | head -1 | cut -d: -f1)
sed -i "${line}s/outb(/outb_misspelled(/" $ch
if make CHAPTER=3 >out 2>&1; then echo "not ok 1 the build fails"
else echo "ok 1 the build fails"; fi
want="^$ch:$line:[0-9]*: error: implicit declaration of function .outb_misspelled"
if grep -q "$want" out
then echo "ok 2 the error names $ch:$line"
else echo "not ok 2 the error names $ch:$line"; sed 's/^/# /' out; fi
echo "1..2"
