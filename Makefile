# Two entry points: `make run` (index corpus/ if needed, then serve) and `make test`.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test index bench clean

# PyTorch's own index holds its CPU-only build; from PyPI alone a Linux machine gets the multi-GB CUDA build. It is
# asked for torch alone, once and briefly: where that index is out of reach, pip falls back to the indexes it has.
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu

$(STAMP): pyproject.toml
	@echo "Installing panelbot and its libraries into $(VENV): a few minutes the first time (PyTorch is large)."
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --progress-bar on --retries 1 --timeout 10 --extra-index-url $(TORCH_INDEX) \
		"$$(grep -o '"torch==[^"]*"' pyproject.toml | tr -d '"')"
	$(VENV)/bin/pip install --progress-bar on -e '.[test,bench]'
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
