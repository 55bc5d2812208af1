"""Report cards: per report, the sentences that tell what it is about, each with its place.

A card is made once per report content, not per question: a digest of the report (the
sentences closest to the mean of all its sentences, at most one per section) and, for every
section, the sentences closest to that section's mean. Every line is a sentence of the report
with its offsets, so it says exactly what the passage it opens says: nothing is generated,
nothing needs verifying. Cards are cached under ``<data_dir>/cache/cards``, named by the
report's content fingerprint (file, chunking, embedding model) and the card settings, so a
rebuild of the index remakes only the cards of new and changed reports; a metadata edit (title,
year) keeps the card and shows the new metadata.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from config import Settings
from index.embedder import Embedder, unit_rows
from index.state import State, current_name, index_root, load_state
from ingest import split_sentences

if TYPE_CHECKING:
    from index.retrieve import Retriever

CARD_VERSION = 3  # raised when the way a card is made changes (2: a repeated sentence once,
# 3: a paragraph's opening sentence favoured)


@dataclass
class CardLine:
    """One sentence of a report, with the offsets that open it in place."""

    text: str
    start: int
    end: int
    section: str


@dataclass
class CardSection:
    heading: str
    lines: list[CardLine]


@dataclass
class ReportCard:
    report_id: str
    title: str
    year: int
    kind: str
    digest: list[CardLine]
    sections: list[CardSection] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[CardLine]:
        """Every line of the card in the order it is shown (digest, then sections)."""
        return [*self.digest, *(line for s in self.sections for line in s.lines)]


def _card(report_id: str, meta: dict[str, Any], digest: list[CardLine],
          sections: list[CardSection]) -> ReportCard:
    # Title, year and kind come from the index's metadata, so an edit of them shows at once.
    return ReportCard(report_id, str(meta.get("title", report_id)), int(meta.get("year", 0) or 0),
                      str(meta.get("kind", "")), digest, sections)


def report_sentences(chunks: list[Any], min_chars: int) -> list[CardLine]:
    """The distinct sentences of a report's chunks in report order (chunks overlap by a
    sentence); a line break starts a new sentence (list lines, headings inside a chunk). A
    sentence the report repeats word for word is taken at its first place only."""
    said: set[str] = set()
    out: list[CardLine] = []
    for chunk in sorted(chunks, key=lambda c: c.start):
        pos = 0
        for line in chunk.text.split("\n"):
            for s, e in split_sentences(line, chunk.start + pos):
                text = chunk.text[s - chunk.start : e - chunk.start].lstrip("•-−*– ").strip()
                key = " ".join(text.lower().split())
                if key in said or len(text) < min_chars:  # also the overlap's repeated sentence
                    continue
                said.add(key)
                shift = chunk.text.find(text, s - chunk.start)
                out.append(CardLine(text, chunk.start + shift, chunk.start + shift + len(text),
                                    chunk.section))
            pos += len(line) + 1
    return sorted(out, key=lambda line: line.start)


def _closest(vectors: np.ndarray, k: int, bonus: np.ndarray | None = None) -> list[int]:
    """Indices of the ``k`` rows closest to the rows' mean direction (plus ``bonus``)."""
    centre = vectors.mean(axis=0)
    scores = vectors @ (centre / max(float(np.linalg.norm(centre)), 1e-9))
    if bonus is not None:
        scores = scores + bonus
    return [int(i) for i in np.argsort(-scores)[:k]]


def opens_paragraph(text: str, start: int) -> bool:
    """Whether the sentence at ``start`` of a report's cleaned ``text`` opens its paragraph
    (a paragraph is one line there; a passage may begin inside one)."""
    return not text[text.rfind("\n", 0, start) + 1 : start].strip("•-−*– \t")


def openings(text: str, sentences: list[CardLine]) -> list[bool]:
    """Per sentence of a report's ``text``: whether it opens its paragraph."""
    return [opens_paragraph(text, x.start) for x in sentences]


def make_card(report_id: str, meta: dict[str, Any], sentences: list[CardLine],
              vectors: np.ndarray, digest_size: int, per_section: int,
              opening: list[bool] | None = None, opening_bonus: float = 0.0) -> ReportCard:
    """The card of one report from its sentences and their unit vectors. A sentence that
    opens its paragraph (``opening``) ranks ``opening_bonus`` higher: the reports state a
    paragraph's point first (as a summary's bullets do, ``assistant.bullets``)."""
    bonus = opening_bonus * np.asarray(opening if opening is not None else [False] * len(sentences),
                                       dtype=float)
    if not sentences:
        return _card(report_id, meta, [], [])
    by_section: dict[str, list[int]] = {}  # in report order (dicts keep insertion order)
    for i, line in enumerate(sentences):
        by_section.setdefault(line.section, []).append(i)
    sections = []
    for heading, idx in by_section.items():
        best = sorted(idx[j] for j in _closest(vectors[idx], per_section, bonus[idx]))
        sections.append(CardSection(heading, [sentences[i] for i in best]))
    # The digest: the report's most representative sentences, one per section at most, so
    # that it reads as an outline of the report rather than five ways of saying its theme.
    digest: list[int] = []
    used: set[str] = set()
    for i in _closest(vectors, len(sentences), bonus):
        if sentences[i].section in used:
            continue
        digest.append(i)
        used.add(sentences[i].section)
        if len(digest) >= digest_size:
            break
    return _card(report_id, meta, [sentences[i] for i in sorted(digest)], sections)


class ReportCards:
    """The cards of the indexed reports: read from the cache, or made (and cached) on first
    need. ``build_missing`` makes them all ahead, e.g. after `g40 index`."""

    def __init__(self, settings: Settings, retriever: Retriever | None = None) -> None:
        # With a retriever (the app, the assistant) its index state and loaded embedder are
        # shared; without one (`g40 index`) the state is read from disk and the embedder loaded
        # only when a card has to be made, so an index with all its cards costs no model load.
        self.settings = settings
        self.retriever = retriever
        self.cache_dir = settings.paths.data_dir / "cache" / "cards"
        self._lock = threading.Lock()
        self._state: State | None = None
        self._embed: Embedder | None = None
        self._read: dict[str, dict[str, Any]] = {}  # parsed card files, by file name

    def _current(self) -> State:
        if self.retriever is not None:
            return self.retriever.state()
        name = current_name(index_root(self.settings.paths.data_dir))
        if self._state is None or self._state.name != name:
            self._state = load_state(index_root(self.settings.paths.data_dir), name)
        return self._state

    def _embed_model(self) -> Embedder:
        if self.retriever is not None:
            return self.retriever.embed_model
        if self._embed is None:
            from index.embed import get_embed_model

            self._embed = get_embed_model(self.settings)
        return self._embed

    def reports(self) -> dict[str, dict[str, Any]]:
        return self._current().reports

    def _file(self, report_id: str, meta: dict[str, Any]) -> Path:
        s = self.settings.index
        key = json.dumps([CARD_VERSION, meta.get("content", ""), s.card_digest, s.card_per_section,
                          s.card_min_chars, s.opening_bonus])
        return self.cache_dir / f"{report_id}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.json"

    def missing(self) -> list[str]:
        """Reports of the current index whose card is not made yet."""
        return [rid for rid, meta in self.reports().items() if not self._file(rid, meta).exists()]

    def card(self, report_id: str) -> ReportCard:
        """The card of an indexed report (KeyError for an unknown id)."""
        meta = self.reports()[report_id]
        file = self._file(report_id, meta)
        with self._lock:  # two viewers of a new report make its card once
            data = self._read.get(file.name)
            if data is None:
                try:
                    data = json.loads(file.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    data = self._make(report_id, meta, file)
                self._read[file.name] = data  # the name holds the content: never stale
        digest = [CardLine(**line) for line in data["digest"]]
        sections = [CardSection(s["heading"], [CardLine(**x) for x in s["lines"]])
                    for s in data["sections"]]
        return _card(report_id, meta, digest, sections)

    def _make(self, report_id: str, meta: dict[str, Any], file: Path) -> dict[str, Any]:
        s = self.settings.index
        state = self._current()
        chunks = [c for c in state.chunks.values() if c.report_id == report_id]
        sentences = report_sentences(chunks, s.card_min_chars)
        vectors = (unit_rows(self._embed_model().get_text_embedding_batch([x.text for x in sentences]))
                   if sentences else np.zeros((0, 1), dtype=np.float32))
        card = make_card(report_id, meta, sentences, vectors, s.card_digest, s.card_per_section,
                         openings(state.text_of(report_id), sentences), s.opening_bonus)
        data = {"digest": [asdict(x) for x in card.digest],
                "sections": [asdict(x) for x in card.sections]}
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(file)
        return data

    def build_missing(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Make the cards not made yet, and remove those of reports no longer indexed (or
        changed since); returns how many were made."""
        files = {rid: self._file(rid, meta) for rid, meta in self.reports().items()}
        todo = [rid for rid, file in files.items() if not file.exists()]
        current = {file.name for file in files.values()}
        for old in self.cache_dir.glob("*.json") if self.cache_dir.exists() else []:
            if old.name not in current:
                old.unlink(missing_ok=True)
        if progress and todo:
            progress(0, len(todo))
        for n, rid in enumerate(todo, 1):
            self.card(rid)
            if progress:
                progress(n, len(todo))
        return len(todo)
