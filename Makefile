# lessonpack: `make pack` builds the course into out/, `make test` runs the tests.
# Both create .venv and install the pinned dependencies first (requirements.lock).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: pack test validate benchmark clean

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "lessonpack needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

pack: $(STAMP)
	$(BIN)/lessonpack build

validate: $(STAMP)
	$(BIN)/lessonpack validate

# One test worker per CPU (pytest-xdist). While editing, `$(BIN)/python -m pytest -m "not slow"`
# leaves out the long end-to-end runs; `make test` and CI run everything.
test: $(STAMP)
	$(BIN)/python -m pytest -n auto

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) out/*/ build dist src/*.egg-info
