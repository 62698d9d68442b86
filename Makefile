# The course's commands. `make test` and `make book` set everything up on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-from-requirements
NBVAL  := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-current-env
# Notebook kernels under nbval run with the inline figure backend, as on
# Binder/Colab, a fixed str hash seed, and single-threaded OpenBLAS (the course's matrices are
# small: a second BLAS thread only fights for the CPU, a notebook ran 4x slower on a busy 2-core
# machine): the conditions scripts/execute_notebooks.py sets.
KERNEL_ENV := MPLBACKEND=module://matplotlib_inline.backend_inline PYTHONHASHSEED=0 \
              OPENBLAS_NUM_THREADS=1
NOTEBOOKS  := $(sort $(wildcard book/*.ipynb))
NB   ?=
PORT ?= 8000

.PHONY: venv test test-cpus book execute serve lint bench reference parity clean test-browser

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

venv: $(STAMP)

## Unit tests, then nbval over every notebook of the book (one test per code cell: each cell
## re-runs on a fresh kernel and its output must match the stored one), then ruff.
test: $(STAMP)
	MPLBACKEND=Agg OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests
ifneq ($(NOTEBOOKS),)
	$(KERNEL_ENV) $(BIN)/python -m pytest -q -p no:cacheprovider $(NBVAL) $(NOTEBOOKS)
else
	@echo "nbval: no notebooks in book/ yet, so no notebook to re-run"
endif
	$(BIN)/ruff check .

## The CPU matrix: nbval over every notebook under each OpenBLAS kernel a reader's CPU may select
## (SkylakeX where the CPU has AVX-512, Haswell, Sandybridge, Prescott), the last three also with
## numpy's AVX-512 loops off. Stored outputs and claim checks must hold in every configuration.
## Run by .ci/run after `make test`; see scripts/cpu_matrix.sh.
test-cpus: $(STAMP)
	scripts/cpu_matrix.sh $(BIN)/python $(NOTEBOOKS)

## The website from the outputs stored in the notebooks (no execution); any warning fails.
## --all re-reads every page, so a warning is never hidden by an incremental build.
book: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going --all
	@echo "open _build/html/index.html, or run: make serve"

## The site's explorers in headless Chromium from file:// with the network off (issue 17):
## every primary control of every explorer moved through its grid, the right frame shown, a
## sampled frame equal to what the explorer draws, nothing loaded from the network. Debian's
## chromium is installed where missing (as root), and the target says so.
test-browser: book
	@command -v chromium >/dev/null || { echo "chromium not found: installing Debian's" \
	    "chromium (apt-get install -y chromium)"; apt-get update -qq && \
	    apt-get install -y -qq chromium; }
	LRCOURSE_BROWSER=1 MPLBACKEND=Agg $(BIN)/python -m pytest -q -p no:cacheprovider \
	    -m browser tests/test_site_explorers.py

## Re-execute notebooks in place after an edit: all of book/, or one with NB=book/<name>.ipynb.
execute: $(STAMP)
	$(BIN)/python scripts/execute_notebooks.py $(NB)

## Preview the built site at http://127.0.0.1:$(PORT)/ (after `make book`).
serve:
	@test -f _build/html/index.html || { echo "no _build/html yet: run make book first"; exit 1; }
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

lint: $(STAMP)
	$(BIN)/ruff check .

## Benchmarks print numbers (sweep speed-up, widget update times, each notebook's run time on a
## fresh kernel); nothing asserts a timing.
bench: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python benchmarks/sweep.py
	MPLBACKEND=Agg $(BIN)/python benchmarks/widgets.py
	$(BIN)/python scripts/execute_notebooks.py --time-only

## Rewrite tests/reference/*.json by running PyTorch and Keras (installs torch and keras into
## the venv; Keras runs on the PyTorch backend).
reference: $(STAMP)
	$(BIN)/python -m pip install --quiet torch==2.13.0 keras==3.15.1
	$(BIN)/python scripts/torch_reference_schedules.py
	$(BIN)/python scripts/torch_reference_optimizers.py
	KERAS_BACKEND=torch $(BIN)/python scripts/keras_reference.py

## Live PyTorch parity on random configurations (fails, rather than skips, without torch).
parity: $(STAMP)
	$(BIN)/python -m pip install --quiet torch==2.13.0
	LRCOURSE_REQUIRE_TORCH=1 $(BIN)/python -m pytest -q -p no:cacheprovider -m torch_live -rA tests

clean:
	rm -rf _build $(VENV)

# ---------------------------------------------------------------------------------------------
# Instructor builds (issue 18): lecture slides, the student edition, the offline zip, your own
# fork. Every edition is derived into _build/ from the notebooks in book/ (which nothing here
# changes) by scripts/editions/. Kept in this block of its own lines, apart from the targets
# above, so that merges stay easy.
.PHONY: web slides student offline retarget test-editions
EDITIONS  := PYTHONPATH=scripts $(BIN)/python -m editions
WEB       := _build/web
WEB_STAMP := $(WEB)/.installed-from-lock

## MathJax (for the site and the decks) and reveal.js (for the decks), from npm at the versions
## pinned in scripts/editions/package-lock.json, into _build/web. Needs Node.js 18+ with npm.
$(WEB_STAMP): scripts/editions/package.json scripts/editions/package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js 18 or newer with npm" \
	    "(Debian/Ubuntu: apt-get install -y nodejs npm), then rerun"; exit 1; }
	mkdir -p $(WEB)
	cp scripts/editions/package.json scripts/editions/package-lock.json $(WEB)/
	npm ci --prefix $(WEB) --ignore-scripts --no-audit --no-fund
	touch $@
web: $(WEB_STAMP)
book: $(WEB_STAMP)  # issue 18: the site serves its own MathJax (book/_ext/offline_mathjax.py)

## One reveal.js deck per chapter: _build/slides/NN_name.slides.html (works offline).
slides: $(STAMP) $(WEB_STAMP)
	$(EDITIONS).slides

## Student notebooks and a student site without solutions or claim checks, in _build/student;
## fails if the leak check finds any of them in a student file.
student: $(STAMP) $(WEB_STAMP)
	$(EDITIONS).student

## The site, the decks and the student edition in one zip: _build/lrcourse-offline.zip.
offline: book slides student
	$(EDITIONS).offline

## Point the launch buttons, the notebooks' install line and the docs at your fork.
retarget: $(STAMP)
	@test -n "$(REPO)" || { echo "usage: make retarget REPO=https://github.com/you/yourfork"; exit 1; }
	$(EDITIONS).retarget "$(REPO)"

## The editions in headless Chromium with the network off (every slide within 1280x720, math
## typeset on a deck, a chapter page and a student page, no solution on the student site), and
## every student notebook run top to bottom. Run by .ci/run.
test-editions: offline
	@command -v chromium >/dev/null || { echo "chromium not found: apt-get install -y chromium"; exit 1; }
	LRCOURSE_EDITIONS=1 $(KERNEL_ENV) $(BIN)/python -m pytest -q -p no:cacheprovider \
	    -m editions tests
