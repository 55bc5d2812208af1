"""BM25 over the chunks with Dutch stemming and stop words (bm25s + PyStemmer)."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import bm25s
import Stemmer

# bm25s sets its own logger to DEBUG; its records would reach every handler of the app (a
# "Building index" line per broad question on the terminal and in the UI's log).
logging.getLogger("bm25s").setLevel(logging.WARNING)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("dutch")


def stem(word: str) -> str:
    """The Snowball (Dutch) stem of one lower-case word, as BM25 stems it."""
    return str(_stemmer().stemWord(word))


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lower-cased, stop-word-free, stemmed tokens (also used for lexical support checks)."""
    return bm25s.tokenize(texts, stopwords="nl", stemmer=_stemmer(), return_ids=False,
                          show_progress=False)


class BM25Index:
    """A persisted BM25 index whose document i is chunk ``ids[i]``."""

    def __init__(self, retriever: bm25s.BM25, ids: list[str]):
        self.retriever = retriever
        self.ids = ids

    @classmethod
    def build(cls, ids: list[str], texts: list[str]) -> BM25Index:
        retriever = bm25s.BM25()
        retriever.index(tokenize(texts), show_progress=False)
        return cls(retriever, ids)

    def save(self, path: Path) -> None:
        self.retriever.save(str(path))
        (path / "ids.txt").write_text("\n".join(self.ids), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> BM25Index:
        ids = (path / "ids.txt").read_text(encoding="utf-8").split("\n")
        return cls(bm25s.BM25.load(str(path)), ids)

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(chunk id, score) best first; empty when no query word is in the vocabulary."""
        tokens = tokenize([query])[0]
        vocab = self.retriever.vocab_dict
        tokens = [t for t in tokens if t in vocab]
        if not tokens or not self.ids:
            return []
        k = min(k, len(self.ids))
        docs, scores = self.retriever.retrieve([tokens], k=k, show_progress=False, n_threads=1)
        return [(self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]
