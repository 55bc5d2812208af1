"""Hybrid retrieval: Dutch BM25 + dense vectors, weighted reciprocal rank fusion, year/report hints."""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from config import Settings
from index.bm25 import BM25Index
from index.chroma import chroma_client, collection
from index.embed import get_embed_model
from index.embedder import Embedder
from index.state import State, current_name, index_root, load_state


@dataclass
class Passage:
    """One retrieved chunk; ``to_dict`` is the public JSON contract of `g40 retrieve --json`."""

    rank: int
    source: str
    title: str
    year: int
    section: str
    text: str
    start: int
    end: int
    score: float
    chunk_id: str = ""
    dense: float = 0.0
    bm25: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank, "source": self.source, "title": self.title, "year": self.year,
            "section": self.section, "text": self.text, "start": self.start, "end": self.end,
            "score": round(self.score, 6),
        }


@dataclass
class QueryHints:
    """Years and reports a question names; they boost matching chunks."""

    years: set[int] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)


_KIND_WORDS = {
    "position paper": ("position paper", "positionpaper", "verkiezingen", "verkiezing"),
    "verslag": ("verslag van de netwerkdag", "netwerkdagen in almere", "almere"),
    "jaarverslag": ("jaarverslag",),
}


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


# A period names the years between its ends too: "2023-2025", "van 2023 tot en met 2025",
# "tussen 2023 en 2025", "from 2023 to 2025".
_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*(?:[-–]|t/m|tot(?: en met)?|to|through|until)\s*"
                     r"((?:19|20)\d\d)\b|\b(?:tussen|between)\s+((?:19|20)\d\d)\s+(?:en|and)\s+"
                     r"((?:19|20)\d\d)\b", re.I)


def named_years(text: str) -> set[int]:
    """The years a text names ("in 2024"), with those inside a period it names ("2023-2025")."""
    years = {int(y) for y in _YEAR.findall(text)}
    for m in _PERIOD.finditer(text):
        lo, hi = sorted(int(y) for y in m.groups() if y)
        if hi - lo <= 20:
            years.update(range(lo, hi + 1))
    return years


def drop_years(text: str) -> str:
    """The text without the years it names."""
    return re.sub(r"\s+([?.,!;:])", r"\1", " ".join(_YEAR.sub("", text).split()))


def analyze_query(question: str, reports: dict[str, dict[str, Any]]) -> QueryHints:
    """Find the years and reports a question refers to ("in 2024", "het position paper")."""
    q = question.lower()
    years = named_years(q)
    known_years = {int(r.get("year", 0)) for r in reports.values()}
    hints = QueryHints(years=years & known_years)
    for rid, meta in reports.items():
        if rid in q:
            hints.sources.add(rid)
            continue
        for word in _KIND_WORDS.get(str(meta.get("kind")), ()):
            if word in q and (meta.get("kind") != "jaarverslag" or not years
                              or int(meta.get("year", 0)) in years):
                hints.sources.add(rid)
    return hints


class Retriever:
    """Reads the current index state; picks up a new state after a rebuild on the next query."""

    def __init__(self, settings: Settings, embed_model: Embedder | None = None):
        self.settings = settings
        self._embed = embed_model
        self._root = index_root(settings.paths.data_dir)
        self._lock = threading.Lock()
        self._state: State | None = None
        self._bm25: BM25Index | None = None
        self._collection: Any = None
        self._reranker: Any = None
        self._vectors: OrderedDict[str, list[float]] = OrderedDict()
        self._embedder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="g40-query-embed")

    @property
    def embed_model(self) -> Embedder:
        if self._embed is None:
            self._embed = get_embed_model(self.settings)
        return self._embed

    def query_vector(self, question: str) -> list[float]:
        """The query's embedding; repeated and popular questions are embedded once, so under
        load the embedder (which shares the two cores with the LLM) has less to do."""
        key = " ".join(question.lower().split())
        with self._lock:
            if key in self._vectors:
                self._vectors.move_to_end(key)
                return self._vectors[key]
        vector = self.embed_model.get_query_embedding(question)
        with self._lock:
            self._vectors[key] = vector
            while len(self._vectors) > 1024:
                self._vectors.popitem(last=False)
        return vector

    def state(self) -> State:
        """The current state, reloaded when `g40 index` has switched to a new one."""
        with self._lock:
            name = current_name(self._root)
            if self._state is None or (name and name != self._state.name):
                state = load_state(self._root, name)
                bm25 = BM25Index.load(state.path / "bm25")
                client = chroma_client(self.settings, state.path)
                self._collection = collection(client, state.collection_name)
                self._state, self._bm25 = state, bm25
            assert self._state is not None
            return self._state

    def reports(self) -> dict[str, dict[str, Any]]:
        return self.state().reports

    def report_text(self, report_id: str) -> str:
        return self.state().text_of(report_id)

    def vector_soon(self, question: str) -> Future[list[float]]:
        """Start embedding the query in the background (one at a time); ``retrieve`` later
        finds the vector in the cache. A caller can show BM25 passages while it waits."""
        return self._embedder.submit(self.query_vector, question)

    def retrieve(self, question: str, k: int | None = None, years: set[int] | None = None,
                 sources: set[str] | None = None, dense: bool = True) -> list[Passage]:
        """Top-k passages. ``years``/``sources`` filter strictly; years/reports named in the
        question only boost. ``dense=False``: BM25 alone (milliseconds, no embedding)."""
        state = self.state()
        bm25, chroma = self._bm25, self._collection
        assert bm25 is not None
        k = k or self.settings.index.top_k
        n = self.settings.index.candidates
        question = question.strip()
        if not question:
            return []

        def allowed(cid: str) -> bool:
            c = state.chunks.get(cid)
            return c is not None and (not years or c.year in years) and (
                not sources or c.report_id in sources)

        filtering = bool(years or sources)
        lexical = [(cid, s) for cid, s in bm25.search(question, len(bm25.ids) if filtering else n)
                   if allowed(cid)][:n]
        vectors: list[tuple[str, float]] = []
        if dense:
            result = chroma.query(query_embeddings=[self.query_vector(question)],
                                      n_results=n, where=_where(years, sources), include=["distances"])
            # Cosine distance d as a similarity exp(-d), as llama-index's Chroma store reports it.
            vectors = [(cid, math.exp(-float(d))) for cid, d in
                       zip(result["ids"][0], result["distances"][0], strict=True) if allowed(cid)]

        s = self.settings.index
        fused: dict[str, float] = {}
        for weight, ranking in ((s.bm25_weight, lexical), (s.dense_weight, vectors)):
            for rank, (cid, _) in enumerate(ranking):
                fused[cid] = fused.get(cid, 0.0) + weight / (s.rrf_k + rank + 1)
        hints = analyze_query(question, state.reports)
        for cid in fused:
            c = state.chunks[cid]
            if c.year in hints.years or c.report_id in hints.sources:
                fused[cid] *= s.year_boost
        dense_of, bm25_of = dict(vectors), dict(lexical)
        ranked = sorted(fused.items(), key=lambda kv: -kv[1])
        if s.reranker_path:
            ranked = self._rerank(question, ranked[: n])
        out = []
        for i, (cid, score) in enumerate(ranked[:k], start=1):
            c = state.chunks[cid]
            out.append(Passage(i, c.report_id, c.title, c.year, c.section, c.text, c.start, c.end,
                               score, cid, dense_of.get(cid, 0.0), bm25_of.get(cid, 0.0)))
        return out

    def _rerank(self, question: str, ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
        if self._reranker is None:
            from sentence_transformers import CrossEncoder

            self._reranker = CrossEncoder(str(self.settings.index.reranker_path), device="cpu")
        state = self.state()
        scores = self._reranker.predict([(question, state.chunks[c].text) for c, _ in ranked])
        return sorted(((c, float(x)) for (c, _), x in zip(ranked, scores, strict=True)),
                      key=lambda kv: -kv[1])


def _where(years: set[int] | None, sources: set[str] | None) -> dict[str, Any] | None:
    """A Chroma metadata filter: chunks of these years and/or reports."""
    parts: list[dict[str, Any]] = []
    if years:
        parts.append({"year": {"$in": sorted(years)}})
    if sources:
        parts.append({"source": {"$in": sorted(sources)}})
    if len(parts) > 1:
        return {"$and": parts}
    return parts[0] if parts else None
