#!/usr/bin/env python3
"""a11y.py [BOOKDIR]: the accessibility audit of the HTML book, as TAP.

Runs axe-core (pinned in tools/a11y/package.json, installed by tools/deps.sh)
in headless Chromium over every page of BOOKDIR/html, in a frame as wide as a
desktop window (1280 px) with every rule axe runs by default, and as a phone
(390 px) with the rules whose outcome depends on the layout, and fails on any
violation axe rates serious or critical, naming the page, the rule and an
example. Each page is loaded once and shown at both widths in turn.

Every axe rule has a fixed impact (minor, moderate, serious or critical),
which each of its violations takes, so only the rules rated serious or
critical can fail the audit, and only they are run: the others cost time
and decide nothing (`region`, all content inside landmarks, is moderate).

A page whose bytes, style sheet and axe did not change since it last passed
is not audited again (the verdicts are kept in BOOKDIR/a11y/passed.json): axe
takes seconds a page, and a prose edit changes one page. Two Chromiums share
the pages that remain.

Colour contrast and links within text are most of axe's time, and most of it
goes to code: a chapter's code is tens of thousands of highlighted tokens and
thousands of links in a dozen styles, each style checked thousands of times.
So the pages' colours and links are checked with their <pre> blocks emptied
(after the other rules ran on the whole page), and the code's, at both widths,
on one more page, the specimen: every <pre> block
of the book that shows a styling no earlier block showed (the chain of tags
and classes from the block down to an element), in the same ancestors and with
the same style sheet. A styling of code that appears anywhere is checked.
The prose, too, repeats itself (the index of identifiers is two thousand
entries alike), so of siblings alike in tags, classes, styling attributes and
children, one is kept for the styling rules; no style sheet looks at siblings
outside code (checked), so the one stands for all.
"""
import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import sys
from html.parser import HTMLParser

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
                "link-in-text-block"]
# The rules whose outcome inside a <pre> block follows from the styling alone
# (the tags and classes down from the block, and the style sheet): checked on
# the specimen for code, on the pages outside it.
STYLING_RULES = ["color-contrast", "link-in-text-block"]

HARNESS = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>accessibility audit</title></head>
<body><pre id="out">running</pre>
<script>
const pages = %(pages)s, widths = %(widths)s, results = [];
const SPECIMEN = %(specimen)s;
const LAYOUT_RULES = %(layout)s;
const STYLING_RULES = %(styling)s;
const SERIOUS = %(serious)s;
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
    f.src = page;                       // relative to the harness in a11y/
    document.body.appendChild(f);
  });
}
// What decides an element's colours: its tag, classes and the attributes a
// style sheet or axe reads, whether it holds text of its own, and the same of
// its children. The book's style sheets have no rule that looks at siblings
// (a11y.py checks), so of two siblings alike in all this, one is enough.
const KEPT = ['class', 'style', 'hidden', 'aria-hidden', 'role', 'tabindex', 'lang'];
function prune(doc) {
  const ids = new Set(), kinds = new Map(), known = new Map();
  let everyId = false;                  // a sheet that cannot be read: keep ids
  for (const sheet of doc.styleSheets) {
    try {
      for (const rule of sheet.cssRules) {
        for (const m of (rule.cssText || '').matchAll(/#([\w-]+)/g)) ids.add(m[1]);
      }
    } catch (e) { everyId = true; }
  }
  function kind(e) {
    if (known.has(e)) return known.get(e);
    let key = e.tagName + KEPT.map(function (a) { return '|' + e.getAttribute(a); }).join('') +
      (everyId || ids.has(e.id) ? '#' + e.id : '') + '|' + Array.from(e.childNodes).some(function (n) {
        return n.nodeType == 3 && n.textContent.trim() != ''; }) + '(';
    for (const c of e.children) key += kind(c) + ',';
    if (!kinds.has(key)) kinds.set(key, kinds.size);
    known.set(e, kinds.get(key));
    return known.get(e);
  }
  function keepOneOfEach(e) {
    const seen = new Set();
    for (const c of Array.from(e.children)) {
      const k = kind(c);
      if (seen.has(k)) c.remove();
      else { seen.add(k); keepOneOfEach(c); }
    }
  }
  keepOneOfEach(doc.body);
}
const only = function (rules) {
  return {resultTypes: ['violations'], runOnly: {type: 'rule', values: rules}};
};
// The styling rules at a width: link-in-text-block alone at a phone's.
function styledAt(width) {
  return width < 1000 ? ['link-in-text-block'] : STYLING_RULES;
}
// Show the page at this width, and let it settle: its layout is redone, and
// its listeners see the resize before axe looks.
function resize(f, width) {
  f.style.width = width + 'px';
  f.contentDocument.body.getBoundingClientRect();
  return new Promise(function (done) { setTimeout(done, 50); });
}
// One page, loaded once and shown at each width in turn: the rules that need
// the whole page first, at every width; then, with the code blocks emptied,
// the styling rules at every width.
async function auditPage(page) {
  const f = await load(page, widths[0]), axe = f.contentWindow.axe;
  // The rules whose violations can fail the audit, as axe rates them, and of
  // those the ones it runs by default (its own choice of rules).
  const severe = axe._audit.rules.filter(function (r) { return SERIOUS.includes(r.impact); });
  const severeIds = severe.map(function (r) { return r.id; });
  const byDefault = severe.filter(function (r) { return r.enabled !== false; })
      .map(function (r) { return r.id; });
  const found = widths.map(function (width) {
    return {page: page, width: width, ran: 0, violations: []};
  });
  if (page != SPECIMEN) {
    for (const [i, width] of widths.entries()) {
      const rest = only((width < 1000 ? LAYOUT_RULES : byDefault).filter(function (r) {
        return !styledAt(width).includes(r) && severeIds.includes(r); }));
      await resize(f, width);
      found[i].violations = (await axe.run(f.contentDocument, rest)).violations;
      found[i].ran = rest.runOnly.values.length;
    }
    // Leaving the code blocks out of axe's context still costs their hit
    // tests on a page of 20,000 elements; emptied, the prose is checked in a
    // fraction of the time. The specimen holds the code's stylings.
    f.contentDocument.querySelectorAll('pre').forEach(function (pre) {
      pre.textContent = '';
    });
    prune(f.contentDocument);
  }
  for (const [i, width] of widths.entries()) {
    await resize(f, width);
    found[i].violations = found[i].violations.concat(
        (await axe.run(f.contentDocument, only(styledAt(width)))).violations);
    found[i].ran += styledAt(width).length;
  }
  f.remove();
  return found;
}
async function run() {
  for (const page of pages) {
    for (const r of await auditPage(page)) {
      results.push({page: r.page, width: r.width, ran: r.ran, violations: r.violations.map(function (v) {
        return {rule: v.id, impact: v.impact, nodes: v.nodes.length,
                example: v.nodes[0].html.slice(0, 200)};
      })});
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
                           "layout": json.dumps(LAYOUT_RULES),
                           "styling": json.dumps(STYLING_RULES),
                           "serious": json.dumps(SERIOUS),
                           "specimen": json.dumps(SPECIMEN)})
    profile = os.path.abspath(os.path.join(WHERE, name + ".profile"))  # two at once
    out = browsercheck.run_harness(chromium, harness, 900, profile)
    return json.loads(out) if out.startswith("[") else out


class CodeBlocks(HTMLParser):
    """The <pre> blocks of a page, each with its ancestors (tag and class) and the
    stylings inside it: for each element, the chain of (tag, class) down from
    the block."""
    VOID = ("br", "img", "wbr", "input", "hr")

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.open, self.blocks, self.block = [], [], None
        self.styles, self.in_style = [], False     # the page's own <style> sheets

    def handle_starttag(self, tag, attrs):
        me = (tag, dict(attrs).get("class") or "")
        if tag == "style":
            self.in_style = True
            self.styles.append("")
        if self.block is not None:
            self.block["html"].append(self.get_starttag_text())
            self.block["styles"].add(tuple(self.block["inner"]) + (me,))
            if tag not in self.VOID:
                self.block["inner"].append(me)
        elif tag == "pre":
            self.block = {"around": [t for t in self.open if t[0] not in ("html", "body")],
                          "html": [self.get_starttag_text()], "inner": [],
                          "styles": {(me,)}}
        elif tag not in self.VOID:
            self.open.append(me)

    def handle_endtag(self, tag):
        self.in_style = self.in_style and tag != "style"
        if self.block is not None:
            self.block["html"].append("</%s>" % tag)
            if tag == "pre" and not self.block["inner"]:
                self.blocks.append(self.block)
                self.block = None
            elif self.block["inner"]:
                self.block["inner"].pop()
        elif self.open and tag not in self.VOID:
            while self.open and self.open.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if self.in_style:
            self.styles[-1] += data
        if self.block is not None:
            self.block["html"].append(data)

    def handle_entityref(self, name):
        self.handle_data("&%s;" % name)

    def handle_charref(self, name):
        self.handle_data("&#%s;" % name)


SPECIMEN = "specimen.html"
# The audit's control: a page wrong on purpose, audited with the book's, so a
# harness that stopped finding anything fails. At a desktop's width axe must
# see its picture without a text alternative; at a phone's width alone, its
# box too wide for the phone, which scrolls and cannot take the focus.
CONTROL = "control.html"
CONTROL_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A page wrong on purpose</title><link rel="stylesheet" href="../html/style.css">
</head><body><main><h1>A page wrong on purpose</h1>
<p>A picture with no words for it: <img src="../html/none.svg"></p>
<div style="overflow-x: auto"><div style="width: 600px">wider than a phone</div></div>
</main></body></html>
"""
# A selector that looks at an element's siblings or its place among them.
STRUCTURAL = re.compile(r"[+~]|:(nth-|first-|last-|only-|empty|has\()")


def structural_selectors(sheets):
    """The selectors outside <pre> blocks that look at siblings: the styling
    rules see one of each kind of sibling (prune in the harness), which is
    only the same as seeing them all if there are none."""
    found = []
    for sheet in sheets:
        for selectors in re.findall(r"([^{}]+)\{", re.sub(r"/\*.*?\*/", "", sheet, flags=re.S)):
            for selector in selectors.split(","):
                selector = selector.strip()
                m = STRUCTURAL.search(selector)
                if m and not selector.startswith("@") and "pre" not in selector[:m.start()]:
                    found.append(selector)
    return found


def write_specimen(pages):
    """The specimen page: each <pre> block that shows a styling of code no earlier
    block showed, inside its ancestors' tags and classes."""
    seen, parts, sheets = set(), [], []
    for page in pages:
        parser = CodeBlocks()
        with open(os.path.join(PAGES, page)) as f:
            parser.feed(f.read())
        sheets += [sheet for sheet in parser.styles if sheet not in sheets]
        for block in parser.blocks:
            if block["styles"] <= seen:
                continue
            seen |= block["styles"]
            tags = "".join('<%s class="%s">' % (t, c) for t, c in block["around"])
            ends = "".join("</%s>" % t for t, _ in reversed(block["around"]))
            parts.append("<!-- %s -->\n%s%s%s" % (page, tags, "".join(block["html"]), ends))
    with open(os.path.join(WHERE, SPECIMEN), "w") as f:
        f.write('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                '<title>Every styling of code in the book</title>'
                '<link rel="stylesheet" href="../html/style.css">%s</head><body>\n%s\n'
                '</body></html>\n' % ("".join("<style>%s</style>" % sheet for sheet in sheets),
                                       "\n".join(parts)))
    return len(parts), len(seen), sheets


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
    blocks, styles, sheets = write_specimen(pages)
    odd = structural_selectors([style.decode()] + sheets)
    check(not odd, "no style sheet looks at siblings outside code, so one of each kind "
          "of sibling stands for the rest", "\n".join(odd))
    paths = ["../html/" + p for p in todo]
    with open(os.path.join(WHERE, CONTROL), "w") as f:
        f.write(CONTROL_PAGE)
    halves = [[SPECIMEN] + paths[1::2], [CONTROL] + paths[0::2]]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda i: audit(chromium, halves[i], "run%d" % i)
                             if halves[i] else [], range(2)))
    errors = [r for r in runs if isinstance(r, str)]
    check(not errors, "Chromium ran axe on %d of %d pages (the others passed unchanged), "
          "and on the %d stylings of code in %d blocks" % (len(todo), len(pages), styles, blocks),
          "\n".join(errors))
    results = [dict(r, page=os.path.basename(r["page"]))
               for run in runs if not isinstance(run, str) for r in run]
    control = {r["width"]: sorted(set(v["rule"] for v in r["violations"]
                                      if v["impact"] in SERIOUS))
               for r in results if r["page"] == CONTROL}
    check("image-alt" in control.get(1280, []) and
          "scrollable-region-focusable" in control.get(390, []) and
          "scrollable-region-focusable" not in control.get(1280, []),
          "the audit fails a page wrong on purpose: a picture without words at 1280 px, "
          "a box too wide for a phone at 390 px only", "found: %s" % control)
    results = [r for r in results if r["page"] != CONTROL]
    for width in WIDTHS:
        bad = ["%s: %s (%s), %d nodes, e.g. %s" % (r["page"], v["rule"], v["impact"],
                                                    v["nodes"], v["example"])
               for r in results if r["width"] == width for v in r["violations"]
               if v["impact"] in SERIOUS]
        # The rules each page met at this width: every serious and critical rule
        # axe runs by default at a desktop's width, the layout rules at a phone's.
        ran = [r["ran"] for r in results if r["width"] == width and r["page"] != SPECIMEN]
        least = 30 if width >= 1000 else len(LAYOUT_RULES)
        if ran and min(ran) < least:
            bad.append("only %d rules ran on a page (at least %d expected): is axe's "
                       "list of rules (axe._audit.rules) still where the harness looks?"
                       % (min(ran), least))
        check(not errors and not bad, "axe finds no serious or critical violation at %d px "
              "(%s rules a page)" % (width, min(ran) if ran else "no"), "\n".join(bad))
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
