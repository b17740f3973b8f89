#!/usr/bin/env python3
"""browsercheck.py [BOOKDIR]: the HTML book as a reader's browser shows it.

Opens every page of build/book/html in headless Chromium, in a frame as wide as
a desktop window (1280 px) and as a phone (390 px), and checks what a reader
would notice: the page never scrolls sideways (a code block may scroll inside
itself), every image loads, and the search box finds a section and links to a
place that exists. Prints TAP; the harness page it writes is
BOOKDIR/browsercheck/check.html.
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys

BOOK = sys.argv[1] if len(sys.argv) > 1 else "build/book"
PAGES = os.path.join(BOOK, "html")
WIDTHS = (1280, 390)

HARNESS = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>browser check</title></head>
<body><pre id="out">running</pre>
<script>
const pages = %(pages)s, widths = %(widths)s, results = [];
function load(page, width) {
  return new Promise(function (done) {
    const f = document.createElement('iframe');
    f.style.width = width + 'px';
    f.style.height = '900px';
    f.onload = function () { setTimeout(function () { done(f); }, 50); };
    f.src = '../html/' + page;
    document.body.appendChild(f);
  });
}
async function run() {
  for (const page of pages) {
    for (const width of widths) {
      const f = await load(page, width), d = f.contentDocument;
      const broken = Array.from(d.images)
        .filter(function (i) { return !(i.complete && i.naturalWidth > 0); })
        .map(function (i) { return i.getAttribute('src'); });
      results.push({page: page, width: width, scroll: d.documentElement.scrollWidth,
                    view: d.documentElement.clientWidth, broken: broken});
      f.remove();
    }
  }
  const f = await load('01-how-this-book-works.html', 1280), d = f.contentDocument;
  const box = d.getElementById('search');
  box.value = 'segregated fit';
  box.dispatchEvent(new Event('input'));
  const hits = Array.from(d.querySelectorAll('#search-results a'))
    .map(function (a) { return a.getAttribute('href'); });
  results.push({search: 'segregated fit', hits: hits});
  document.getElementById('out').textContent = JSON.stringify(results);
}
run().catch(function (e) { document.getElementById('out').textContent = 'error: ' + e; });
</script></body></html>
"""


class Tap:
    """Checks printed as TAP lines, counted; done() prints the plan."""

    def __init__(self):
        self.n, self.failed = 0, 0

    def check(self, ok, what, detail=""):
        self.n += 1
        self.failed += not ok
        print("%s %d %s" % ("ok" if ok else "not ok", self.n, what))
        if not ok and detail:
            print("\n".join("# " + l for l in detail.splitlines()[:40]))

    def done(self):
        print("1..%d" % self.n)
        return 1 if self.failed else 0


def chromium_path():
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_harness(chromium, harness, seconds, profile=None):
    """Open HARNESS (a page that writes its results as JSON into <pre id="out">)
    in headless Chromium; returns that text, or it and Chromium's last errors.
    Chromium runs under reap.py, so that its renderers' time counts as ours."""
    reap = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reap.py")
    proc = subprocess.run([sys.executable, reap, chromium, "--headless", "--no-sandbox",
                           "--disable-gpu"] +
                          (["--user-data-dir=" + profile] if profile else []) +
                          ["--allow-file-access-from-files", "--hide-scrollbars",
                           "--virtual-time-budget=%d" % (seconds * 1000), "--dump-dom",
                           "file://" + os.path.abspath(harness)],
                          capture_output=True, text=True, timeout=seconds + 60)
    m = re.search(r'<pre id="out">(.*?)</pre>', proc.stdout, re.S)
    out = html.unescape(m.group(1)) if m else ""
    return out if out.startswith("[") else out[:2000] + proc.stderr[-2000:]


def main():
    chromium = chromium_path()
    tap = Tap()
    check = tap.check
    check(chromium is not None, "headless Chromium is installed (tools/deps.sh test)")
    pages = sorted(p for p in os.listdir(PAGES) if p.endswith(".html"))
    check(len(pages) > 10, "the HTML book has its pages", " ".join(pages))
    if chromium is None or len(pages) <= 10:
        return tap.done() or 1
    where = os.path.join(BOOK, "browsercheck")
    os.makedirs(where, exist_ok=True)
    harness = os.path.join(where, "check.html")
    with open(harness, "w") as f:
        f.write(HARNESS % {"pages": json.dumps(pages), "widths": json.dumps(WIDTHS)})
    out = run_harness(chromium, harness, 120)
    check(out.startswith("["), "Chromium opened every page at %s px" %
          " and ".join(map(str, WIDTHS)), out)
    if not out.startswith("["):
        return tap.done()
    results = json.loads(out)
    for width in WIDTHS:
        wide = ["%s: %d px of content in %d" % (r["page"], r["scroll"], r["view"])
                for r in results if r.get("width") == width and r["scroll"] > r["view"]]
        check(not wide, "no page scrolls sideways at %d px" % width, "\n".join(wide))
    broken = ["%s: %s" % (r["page"], src) for r in results if "broken" in r
              for src in r["broken"]]
    images = sum(1 for r in results if "broken" in r)
    check(not broken, "every image loads (%d page views)" % images, "\n".join(broken))
    search = [r for r in results if "search" in r][0]
    targets = []
    for href in search["hits"]:
        page, _, anchor = href.partition("#")
        text = open(os.path.join(PAGES, page)).read() if os.path.exists(
            os.path.join(PAGES, page)) else ""
        targets.append('id="%s"' % anchor in text)
    check(search["hits"] and all(targets) and "10-the-heap.html" in search["hits"][0],
          "the search box finds 'segregated fit' in chapter 10 first, and links there",
          json.dumps(search))
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
