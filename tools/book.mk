# Weave the chapters into the HTML book and the PDF book.
# Called by the top-level Makefile as `make book`.

.SUFFIXES:
MAKEFLAGS += --no-builtin-rules
# Debian's python3, not a pyenv shim that may come first in PATH (the
# top-level Makefile says why); a page costs three runs of Python.
PYTHON  ?= $(firstword $(wildcard /usr/bin/python3) python3)
ifeq ($(V),1)
Q :=
else
Q := @
endif

# Two editions from the same chapters: the reader's (build/book) and, with
# EDITION=instructor, the instructor's, which keeps the exercises' answers
# (book/edition.lua), in build/book-instructor. Both use one capture of the
# screens.
EDITION  ?= reader
ifeq ($(EDITION),instructor)
BOOK     := build/book-instructor
else ifeq ($(EDITION),reader)
BOOK     := build/book
else
$(error EDITION=$(EDITION): the editions are reader and instructor)
endif
SHOTS    := build/book/screens
MD       := $(BOOK)/md
HTML     := $(BOOK)/html
CHAPTERS := $(sort $(wildcard chapters/[0-9][0-9]-*.nw))
SLUGS    := $(basename $(notdir $(CHAPTERS)))
PAGES    := $(SLUGS:%=$(HTML)/%.html) $(HTML)/teaching.html $(HTML)/glossary.html \
            $(HTML)/bibliography.html \
            $(HTML)/chunks.html $(HTML)/identifiers.html
SCREENS  := $(SLUGS:%=$(SHOTS)/%.svg)
SCR_PDF  := $(SLUGS:%=$(BOOK)/screens/%.pdf)
SCR_HTML := $(SLUGS:%=$(HTML)/screens/%.svg)
FIGURES  := $(wildcard figures/*.svg)
FIG_PDF  := $(FIGURES:figures/%.svg=$(BOOK)/figures/%.pdf)
FIG_HTML := $(FIGURES:figures/%=$(HTML)/figures/%)
# The edition: the date of the last commit and its name, on the title page of
# both books.
VERSION  := $(shell git describe --always --dirty 2>/dev/null || echo unversioned)
# (A comma inside $(if ...) would end its "then"; the note is a variable instead.)
INSTRUCTOR_NOTE := ; the instructor's edition, with answers
STAMP    := $(shell git log -1 --format=%cs 2>/dev/null || date +%F), version $(VERSION)$(if \
            $(filter instructor,$(EDITION)),$(INSTRUCTOR_NOTE))
PANDOC_HTML := pandoc --from markdown --to html5 --standalone --template book/template.html \
               --lua-filter book/figures.lua --lua-filter book/edition.lua \
               --lua-filter book/tables.lua -M edition=$(EDITION) --highlight-style tango --section-divs

.PHONY: all html epub FORCE
# The HTML book shows the printed book's chunk labels (233a), which only the
# PDF's build knows: `make book` builds the PDF first, then the HTML. `make html`
# alone uses the labels of the last PDF built, if any.
all: $(BOOK)/book.pdf
	$(Q)$(MAKE) --no-print-directory -f tools/book.mk html $(if $(filter reader,$(EDITION)),epub)
html: $(HTML)/index.html $(HTML)/search-index.js
LABELS   := $(wildcard $(MD)/labels.json)

# The search box's index: every section of every page, written once the pages are.
$(HTML)/search-index.js: $(PAGES) book/search.py book/search.js
	$(Q)$(PYTHON) book/search.py $(HTML)
	$(Q)cp book/search.js $(HTML)/search.js

# Each chapter's real screen: tools/screens.py builds the chapter's kernel, and
# boots it only if its ISO changed since the last capture; a picture that did
# not change is not rewritten, so nothing below it is remade.
$(SHOTS)/.captured: FORCE
	$(Q)mkdir -p $(@D)
	$(Q)$(PYTHON) tools/screens.py $(@D)
	$(Q)touch $@

$(SCREENS): $(SHOTS)/.captured ;

$(HTML)/screens/%.svg: $(SHOTS)/%.svg
	$(Q)mkdir -p $(@D) && cp $< $@

$(BOOK)/screens/%.pdf: $(SHOTS)/%.svg
	$(Q)mkdir -p $(@D) && rsvg-convert -f pdf -o $@ $<

# One noweave run over all chapters, so that links cross chapters. It writes every
# Markdown file at once (a grouped target), and reruns if any of them is missing.
# weave.py leaves unchanged files untouched, so a prose edit in one chapter
# remakes that chapter's page (and the contents page), not every page.
WOVEN    := $(MD)/book.json $(SLUGS:%=$(MD)/%.md) $(MD)/chunks.md $(MD)/identifiers.md \
            $(MD)/identifiers.json $(MD)/uses.json $(MD)/glossary.md
$(WOVEN) &: $(CHAPTERS) book/weave.py tools/nw.py book/glossary.txt
	@echo "  WEAVE   $(MD)/"
	$(Q)mkdir -p $(MD)
	$(Q)noweave -n -index -autodefs c -backend "$(PYTHON) book/weave.py $(MD)" $(CHAPTERS)

$(HTML)/%.html: $(MD)/%.md $(MD)/book.json $(MD)/identifiers.json $(LABELS) \
                book/template.html book/figures.lua book/edition.lua book/linkcode.py
	@echo "  WEAVE   $@"
	$(Q)mkdir -p $(HTML)
	$(Q)$(PANDOC_HTML) $$($(PYTHON) book/nav.py $(MD)/book.json $*) -o $@ $<
	$(Q)$(PYTHON) book/linkcode.py $@ $(MD)/identifiers.json $(LABELS)

$(HTML)/index.html: $(PAGES) $(FIG_HTML) $(SCR_HTML) book/front.md book/nav.py book/style.css
	@echo "  WEAVE   $@"
	$(Q)$(PYTHON) book/nav.py $(MD)/book.json --contents > $(MD)/index.md
	$(Q)$(PANDOC_HTML) --metadata pagetitle=Contents --metadata date="$(STAMP)" \
	    -o $@ book/front.md $(MD)/index.md
	$(Q)cp book/style.css $(HTML)/style.css
	$(Q)for page in $(HTML)/*.html; do \
	    case " $(PAGES) $@ " in *" $$page "*) ;; *) rm -f "$$page" ;; esac; \
	done

# The EPUB edition: the same Markdown, with the chunks as one block of code each
# (book/epub.lua), the figures and screens as SVG, one file per chapter.
EPUB_CSS := book/epub.css
EPUB_DATE := $(shell git log -1 --format=%cs 2>/dev/null || date +%F)
$(BOOK)/book.epub: $(WOVEN) $(MD)/teaching.md $(MD)/bibliography.md $(FIG_HTML) $(SCR_HTML) \
                   book/front.md book/epub.lua book/figures.lua book/edition.lua book/tables.lua \
                   $(EPUB_CSS)
	@echo "  EPUB    $@"
	$(Q)$(PYTHON) -c 'import json, sys; print("\n".join(u[0] for u in json.load(sys.stdin)))' \
	    < $(MD)/uses.json > $(MD)/uses.txt
	$(Q)pandoc --from markdown --to epub3 --toc --toc-depth=2 --number-sections \
	    --epub-chapter-level=1 --css $(EPUB_CSS) --highlight-style tango \
	    --resource-path=$(HTML) --lua-filter book/epub.lua --lua-filter book/figures.lua \
	    --lua-filter book/edition.lua --lua-filter book/tables.lua -M edition=$(EDITION) -M uses=$(MD)/uses.txt \
	    -M lang=en -M date="$(EPUB_DATE)" -M rights="Prose and figures: CC BY 4.0; code: MIT" \
	    -o $@ book/front.md $(SLUGS:%=$(MD)/%.md) $(MD)/teaching.md $(MD)/glossary.md \
	    $(MD)/bibliography.md
epub: $(BOOK)/book.epub

# The pages for teachers and the bibliography are written by hand; they name
# chapters by label like the prose.
$(MD)/teaching.md $(MD)/bibliography.md: $(MD)/%.md: book/%.md book/weave.py $(MD)/book.json
	$(Q)$(PYTHON) book/weave.py --page $(MD) $< $@

$(HTML)/figures/%.svg: figures/%.svg
	$(Q)mkdir -p $(@D) && cp $< $@

$(BOOK)/figures/%.pdf: figures/%.svg
	@echo "  FIGURE  $@"
	$(Q)mkdir -p $(@D) && rsvg-convert -f pdf -o $@ $<

# pdflatex runs until a pass reads the page numbers it writes (book.aux): three
# passes from nothing, one after an edit that moved no page, one fewer for the
# instructor's edition, which starts from the reader's page numbers.
$(BOOK)/book.pdf: $(WOVEN) $(MD)/teaching.md $(MD)/bibliography.md $(FIG_PDF) $(SCR_PDF) \
                  book/preamble.tex book/front.md book/figures.lua book/edition.lua \
                  book/tables.lua book/uselines.py
	@echo "  PDF     $@"
	$(Q)pandoc --from markdown --to latex --standalone --toc --top-level-division=chapter \
	    --number-sections -V graphics -V lof -V documentclass=book -V classoption=openany -V geometry:a4paper,margin=2.0cm \
	    -V colorlinks -V linkcolor=blue!50!black -V fontsize=11pt --highlight-style tango \
	    -H book/preamble.tex --lua-filter book/figures.lua --lua-filter book/edition.lua \
	    --lua-filter book/tables.lua \
	    -M edition=$(EDITION) -M date="$(STAMP)" \
	    -o $(BOOK)/book.tex book/front.md $(SLUGS:%=$(MD)/%.md) $(MD)/teaching.md \
	    $(MD)/glossary.md \
	    $(MD)/bibliography.md $(MD)/chunks.md $(MD)/identifiers.md
	$(Q)$(PYTHON) book/uselines.py $(BOOK)/book.tex $(MD)/uses.json
	$(Q)$(if $(filter instructor,$(EDITION)),test -f $(BOOK)/book.aux || \
	    cp build/book/book.aux build/book/book.toc build/book/book.lof $(BOOK)/ 2>/dev/null || true)
	$(Q)cd $(BOOK) && for pass in 1 2 3 4; do \
	    rm -f book.aux.last; if [ -f book.aux ]; then cp book.aux book.aux.last; fi; \
	    pdflatex -interaction=nonstopmode -halt-on-error book.tex >pdflatex.log 2>&1 || \
	    { tail -30 pdflatex.log >&2; echo "pdflatex failed: see $(BOOK)/pdflatex.log" >&2; exit 1; }; \
	    if cmp -s book.aux book.aux.last; then break; fi; done
	$(Q)$(PYTHON) book/labels.py $(BOOK)/book.aux $(MD)/labels.json
	$(Q)if grep -A2 '^Overfull \\hbox' $(BOOK)/pdflatex.log >&2; then \
	    echo "book: text runs into the margin (the Overfull lines above name book.tex lines)" >&2; \
	    rm -f $@; exit 1; fi
