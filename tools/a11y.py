#!/usr/bin/env python3
"""a11y.py [BOOKDIR]: the accessibility audit of the HTML book, as TAP.

Runs axe-core (pinned in tools/a11y/package.json, installed by tools/deps.sh)
in headless Chromium over every page of BOOKDIR/html, in a frame as wide as a
desktop window (1280 px) with every rule, and as a phone (390 px) with the
rules whose outcome depends on the layout, and fails on any violation axe
rates serious or critical, naming the page, the rule and an example.

A page whose bytes, style sheet and axe did not change since it last passed
is not audited again (the verdicts are kept in BOOKDIR/a11y/passed.json): axe
takes seconds a page, and a prose edit changes one page. Two Chromiums share
the pages that remain.
"""
import concurrent.futures
import hashlib
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browsercheck  # noqa: E402

BOOK = sys.argv[1] if len(sys.argv) > 1 else "build/book"
PAGES = os.path.join(BOOK, "html")
WHERE = os.path.join(BOOK, "a11y")
AXE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "a11y", "node_modules",
                   "axe-core", "axe.min.js")
WIDTHS = (1280, 390)
SERIOUS = ("serious", "critical")
# Colours, names and structure are the same at every width; at a phone's width
# only the rules whose outcome depends on the layout run again.
LAYOUT_RULES = ["scrollable-region-focusable", "target-size", "meta-viewport",
                "region", "link-in-text-block"]

HARNESS = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>accessibility audit</title></head>
<body><pre id="out">running</pre>
<script>
const pages = %(pages)s, widths = %(widths)s, results = [];
const LAYOUT_RULES = %(layout)s;
function load(page, width) {
  return new Promise(function (done) {
    const f = document.createElement('iframe');
    f.style.width = width + 'px';
    f.style.height = '900px';
    f.onload = function () {
      const s = f.contentDocument.createElement('script');
      s.src = '../a11y/axe.min.js';     // relative to the page in html/
      s.onload = function () { done(f); };
      f.contentDocument.head.appendChild(s);
    };
    f.src = '../html/' + page;
    document.body.appendChild(f);
  });
}
async function run() {
  for (const page of pages) {
    for (const width of widths) {
      const f = await load(page, width);
      const options = {resultTypes: ['violations']};
      if (width < 1000)
        options.runOnly = {type: 'rule', values: LAYOUT_RULES};
      const r = await f.contentWindow.axe.run(f.contentDocument, options);
      results.push({page: page, width: width, violations: r.violations.map(function (v) {
        return {rule: v.id, impact: v.impact, nodes: v.nodes.length,
                example: v.nodes[0].html.slice(0, 200)};
      })});
      f.remove();
    }
  }
  document.getElementById('out').textContent = JSON.stringify(results);
}
run().catch(function (e) { document.getElementById('out').textContent = 'error: ' + e; });
</script></body></html>
"""


def audit(chromium, pages, name):
    """Run axe over PAGES in one Chromium; the results, or an error string."""
    harness = os.path.join(WHERE, name + ".html")
    with open(harness, "w") as f:
        f.write(HARNESS % {"pages": json.dumps(pages), "widths": json.dumps(WIDTHS),
                           "layout": json.dumps(LAYOUT_RULES)})
    profile = os.path.abspath(os.path.join(WHERE, name + ".profile"))  # two at once
    out = browsercheck.run_harness(chromium, harness, 900, profile)
    return json.loads(out) if out.startswith("[") else out


def key(page, style, axe):
    with open(os.path.join(PAGES, page), "rb") as f:
        return hashlib.sha256(f.read() + style + axe).hexdigest()


def main():
    tap = browsercheck.Tap()
    check = tap.check
    chromium = browsercheck.chromium_path()
    check(chromium is not None and os.path.exists(AXE),
          "headless Chromium and axe-core are installed (tools/deps.sh audit)", AXE)
    if chromium is None or not os.path.exists(AXE):
        return tap.done() or 1
    os.makedirs(WHERE, exist_ok=True)
    shutil.copy(AXE, os.path.join(WHERE, "axe.min.js"))
    with open(os.path.join(PAGES, "style.css"), "rb") as f:
        style = f.read()
    with open(AXE, "rb") as f:
        axe = f.read()
    pages = sorted(p for p in os.listdir(PAGES) if p.endswith(".html"))
    cache = os.path.join(WHERE, "passed.json")
    passed = json.load(open(cache)) if os.path.exists(cache) else {}
    todo = [p for p in pages if passed.get(p) != key(p, style, axe)]
    halves = [todo[0::2], todo[1::2]]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda i: audit(chromium, halves[i], "run%d" % i)
                             if halves[i] else [], range(2)))
    errors = [r for r in runs if isinstance(r, str)]
    check(not errors, "Chromium ran axe on %d of %d pages (the others passed unchanged)"
          % (len(todo), len(pages)), "\n".join(errors))
    results = [r for run in runs if not isinstance(run, str) for r in run]
    for width in WIDTHS:
        bad = ["%s: %s (%s), %d nodes, e.g. %s" % (r["page"], v["rule"], v["impact"],
                                                    v["nodes"], v["example"])
               for r in results if r["width"] == width for v in r["violations"]
               if v["impact"] in SERIOUS]
        check(not errors and not bad, "axe finds no serious or critical violation at %d px"
              % width, "\n".join(bad))
    for page in todo:
        seen = [r for r in results if r["page"] == page]
        if len(seen) == len(WIDTHS) and not any(v["impact"] in SERIOUS for r in seen
                                                for v in r["violations"]):
            passed[page] = key(page, style, axe)
    with open(cache, "w") as f:
        json.dump(passed, f, indent=0)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
