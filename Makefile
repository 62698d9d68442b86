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

.PHONY: venv test test-cpus book execute serve lint bench reference parity clean

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
