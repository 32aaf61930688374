# Two commands for a newcomer: `make run` and `make test`. Both build .venv from nothing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint bench validate clean

$(STAMP): pyproject.toml
	sh packaging/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	# A published GIFT parser reads the GIFT export back in the tests. Without its dependencies:
	# one of them pins Markdown below 3.1, and it parses fine with the program's Markdown.
	$(BIN)/python -m pip install --quiet --no-deps "pygiftparser==1.1" "yattag>=1.15"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/car-t-tutor

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	$(BIN)/ruff check desktop_app tests benchmarks
	$(BIN)/mypy
	$(BIN)/car-t-tutor validate content

lint: $(STAMP)
	$(BIN)/ruff check desktop_app tests benchmarks
	$(BIN)/mypy

validate: $(STAMP)
	$(BIN)/car-t-tutor validate content

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.startup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.learning_bench

clean:
	rm -rf $(VENV) build *.egg-info
