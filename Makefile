# One-command entry points: each creates the virtual environment when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test docs docs-quick lint bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# The CPU build of torch, pinned: an open range pulls a multi-GB CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[dev,docs,dask]"
	touch $(STAMP)

demo: $(STAMP)
	$(PY) examples/hdfs_quickstart.py

test: $(STAMP)
	$(PY) -m pytest

# Builds the user guide, the API reference and the gallery, executing every
# examples/plot_*.py (a few minutes on 2 CPU cores); warnings are errors.
docs: $(STAMP)
	OMP_NUM_THREADS=1 MPLBACKEND=Agg $(PY) -m sphinx -W --keep-going -b html docs docs/_build/html

# The same pages, with the gallery examples rendered but not run (seconds).
docs-quick: $(STAMP)
	SPHINX_GALLERY_QUICK=1 $(PY) -m sphinx -W --keep-going -b html docs docs/_build/html

lint: $(STAMP)
	$(VENV)/bin/ruff check sklearn_isad tests examples benchmarks
	$(VENV)/bin/ruff format --check sklearn_isad tests examples benchmarks

clean:
	rm -rf $(VENV) docs/_build docs/generated docs/auto_examples docs/sg_execution_times.rst
