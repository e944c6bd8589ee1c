# Two commands matter: `make reconcile` and `make test`. Both set up what is missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
OUT ?= out
SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-tha libtesseract-dev libleptonica-dev pkg-config g++ poppler-utils fonts-thai-tlwg fonts-tlwg-laksaman-ttf chromium
THAI_FONT := /usr/share/fonts/truetype/tlwg/Laksaman.ttf
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup system-deps reconcile test test-fast test-integration bench bench-deps bench-ocr bench-preprocess bench-memory samples dictionaries channel clean

setup: system-deps $(VENV)/.installed

# Tesseract with Thai and its library's headers (tesserocr is built against them, so it
# reads as the program does), poppler (pdftoppm, pdfinfo), Thai fonts (the sample generator) and
# Chromium (the review page's browser test), from apt.
system-deps:
	@missing=""; \
	command -v tesseract >/dev/null || missing="$$missing tesseract-ocr"; \
	{ command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx tha; } || missing="$$missing tesseract-ocr-tha"; \
	{ command -v pkg-config >/dev/null && pkg-config --exists tesseract lept; } || missing="$$missing libtesseract-dev"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	test -f $(THAI_FONT) || missing="$$missing fonts-thai-tlwg"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q --no-install-recommends $(SYSTEM_PACKAGES); \
	fi

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,dask]'
	@$(PY) -m pip install -q --no-binary tesserocr -e '.[fast]' || \
	  echo "tesserocr could not be built here: OCR runs the tesseract program instead (slower; docs/ocr.md)"
	@touch $@

reconcile: setup
	$(PY) -m pipeline samples --out $(OUT)

# Every test (what .ci/run calls); test-fast is the unit tier alone, test-integration the rest
# (the tiers: docs/testing.md). TEST_WORKERS pytest-xdist workers share the cores.
TEST_WORKERS ?= 2

test: setup
	$(PY) -m pytest -q -n $(TEST_WORKERS)

test-fast: setup
	$(PY) -m pytest -q -n $(TEST_WORKERS) -m "not integration"

test-integration: setup
	$(PY) -m pytest -q -n $(TEST_WORKERS) -m integration

# Every benchmark (about 25 minutes; QUICK=1 for a few minutes, printed, RESULTS.md untouched).
bench: bench-deps
	$(PY) bench/accuracy.py $(if $(QUICK),--quick)
	$(PY) bench/ocr_speed.py $(if $(QUICK),--quick)
	$(PY) bench/reconcile_scale.py $(if $(QUICK),--quick)
	$(PY) bench/memory.py $(if $(QUICK),--quick)
	$(PY) bench/messy.py $(if $(QUICK),--no-write)
	$(if $(QUICK),,$(PY) bench/tone_marks.py)

# OCRmyPDF (the speed comparison) and Ghostscript, which it needs.
bench-deps: setup
	@command -v gs >/dev/null || { export DEBIAN_FRONTEND=noninteractive; \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q --no-install-recommends ghostscript; }
	@test -x $(VENV)/bin/ocrmypdf || $(PY) -m pip install -q -e '.[bench]'

bench-ocr: bench-deps
	$(PY) bench/ocr_speed.py

bench-preprocess: setup
	$(PY) bench/preprocess.py --reports 2

# Peak memory of whole runs on synthetic archives up to 2,000 pages (about 1.5 minutes).
bench-memory: setup
	$(PY) bench/memory.py

# Regenerate the committed sample scans and their truth (deterministic pixels).
samples: setup
	$(PY) samples/render.py
	$(PY) samples/generate.py

dictionaries: setup
	$(PY) dictionaries/build.py

# Learn the OCR confusion channel (pipeline/data/ocr_channel.tsv) from pages printed in
# nine Thai typefaces and read by Tesseract, and how alike copies of one print are misread
# (pipeline/data/copy_correlation.json) from prints scanned three times (a few minutes on 2 cores).
channel: setup
	$(PY) bench/learn_channel.py
	$(PY) bench/learn_copy_correlation.py

clean:
	rm -rf $(OUT) .pytest_cache build *.egg-info
