# Two entry points: `make run` (index corpus/ if needed, then serve) and `make test`.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test index bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

run: $(STAMP)
	HF_HUB_OFFLINE=1 $(VENV)/bin/panelbot serve

test: $(STAMP)
	HF_HUB_OFFLINE=1 $(VENV)/bin/python -m pytest -q

index: $(STAMP)
	HF_HUB_OFFLINE=1 $(VENV)/bin/panelbot index

bench: $(STAMP)
	HF_HUB_OFFLINE=1 $(VENV)/bin/panelbot bench

clean:
	rm -rf $(VENV) data
