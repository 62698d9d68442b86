# The course's commands. `make test` and `make book` set everything up on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-from-requirements
NBVAL  := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-current-env

.PHONY: venv test book execute serve lint bench reference parity clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

venv: $(STAMP)

## Unit tests, then nbval over every notebook of the book.
test: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python -m pytest -q -p no:cacheprovider tests
	$(BIN)/ruff check lrcourse tests benchmarks scripts

lint: $(STAMP)
	$(BIN)/ruff check lrcourse tests benchmarks scripts

## Benchmarks print numbers (sweep speed-up, widget update times); nothing asserts a timing.
bench: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python benchmarks/sweep.py
	MPLBACKEND=Agg $(BIN)/python benchmarks/widgets.py

## Rewrite tests/reference/*.json by running PyTorch (installs torch into the venv).
reference: $(STAMP)
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python scripts/torch_reference_schedules.py
	$(BIN)/python scripts/torch_reference_optimizers.py

## Live PyTorch parity on random configurations (fails, rather than skips, without torch).
parity: $(STAMP)
	$(BIN)/python -m pip install --quiet torch==2.13.0
	LRCOURSE_REQUIRE_TORCH=1 $(BIN)/python -m pytest -q -p no:cacheprovider -m torch_live -rA tests

clean:
	rm -rf _build $(VENV)
