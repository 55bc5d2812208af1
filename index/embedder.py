"""The interface every embedding model of the index shares.

It keeps llama-index's method names (``get_query_embedding``, ``get_text_embedding_batch``) but
not its base class: importing llama-index costs 2-3 s, more than the whole question path needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def unit_rows(vectors: Sequence[Sequence[float]] | Any) -> np.ndarray:
    """The vectors as rows of a float32 matrix, each scaled to length 1 (cosine = dot)."""
    m = np.asarray(vectors, dtype=np.float32)
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)


class Embedder:
    """Turns texts into vectors; a subclass implements ``_get_query_embedding`` and
    ``_get_text_embedding`` (and ``_get_text_embeddings`` where batching pays)."""

    def __init__(self, model_name: str = "", embed_batch_size: int = 10) -> None:
        self.model_name = model_name or type(self).__name__
        self.embed_batch_size = max(1, embed_batch_size)

    def _get_query_embedding(self, query: str) -> list[float]:
        raise NotImplementedError

    def _get_text_embedding(self, text: str) -> list[float]:
        raise NotImplementedError

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return [self._get_text_embedding(t) for t in texts]

    def get_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def get_text_embedding_batch(self, texts: list[str]) -> list[list[float]]:
        """Vectors of ``texts`` in their order, ``embed_batch_size`` at a time."""
        out: list[list[float]] = []
        for i in range(0, len(texts), self.embed_batch_size):
            out += self._get_text_embeddings(texts[i : i + self.embed_batch_size])
        return out
