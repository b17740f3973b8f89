# Tangled from chapters/01-how-this-book-works.nw. Edit the chapter, not this file.
#!/bin/sh
# "chapter 9" written out, or a label that names no chapter, must stop the weave.
set -u
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
for part in chapters tools book Makefile; do cp -r "$REPO/$part" "$work"/; done
cd "$work" || exit 1
ch=chapters/10-the-heap.nw
printf '\nAs chapter 9 showed, pages are mapped one by one.\n' >> $ch
line=$(grep -n '^As chapter 9 showed' $ch | cut -d: -f1)
weave() { make -s -f tools/book.mk build/book/md/book.json >out 2>&1; }
if weave; then echo "not ok 1 a written-out number fails"
else echo "ok 1 a written-out number fails"; fi
if grep -q "^weave: $ch:$line: the prose says 'chapter 9'" out
then echo "ok 2 the error names $ch:$line"
else echo "not ok 2 the error names $ch:$line"; sed 's/^/# /' out; fi
sed -i "${line}s/chapter 9/{chapter:pagin}/" $ch
if weave; then echo "not ok 3 an unknown label fails"
else echo "ok 3 an unknown label fails"; fi
if grep -q "^weave: $ch:$line: {chapter:pagin} names no chapter; the labels .*paging" out
then echo "ok 4 the error names $ch:$line and the labels"
else echo "not ok 4 the error names $ch:$line and the labels"; sed 's/^/# /' out; fi
echo "1..4"
