"""Broad questions: which ones they are, and bullets of the reports' own sentences for them.

"Wat zijn de doelen van de pijler?" or "Wat deed de pijler in 2024 aan ruimte voor werken?"
is answered in many places of the reports. ``Overview`` is the assistant's path for them: a
lead line (or the model's answer) followed by bullets (``assistant.bullets``), the report
sentences that rank best for the question (BM25, embedding similarity and the passage's rank
fused), a few per section so that every section and report that speaks to it is heard,
ordered by year and place in the report. A bullet is a sentence of a report, so it says
exactly what its citation shows.

Which questions are broad is decided by a small classifier: logistic regression on the
embedding of the question, trained on the labelled examples of ``kind_examples``. A question
that asks for a count, name or date (``answertype``) is never broad.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from assistant import kind_examples, prompts
from assistant.answers import Part, section_bullets
from assistant.answertype import typed_ask
from assistant.bullets import Rules, bullets
from assistant.evidence import EvidenceItem
from config import Settings
from index import (
    Embedder,
    Passage,
    Retriever,
    analyze_query,
    embed_model_name,
    unit_rows,
)

# EmbeddingGemma's prompt for classification (its model card); the retrieval prompt mixes
# the topic into the vector and the form of the question counts here.
CLASSIFY_PROMPT = "task: classification | query: "


class BroadQuestions:
    """Tells broad questions from narrow ones (trained once, on first use); given other
    examples, any second kind from a first (a summary of a report from a theme in it).

    The trained weights are kept in ``cache_dir``, named by everything that makes them (the
    embedding model, the examples, the prompt, the regularisation): a fresh process reads
    them instead of embedding the examples again and importing scikit-learn (~2.5 s together).
    """

    def __init__(self, embed_model: Embedder, regularisation: float,
                 cache_dir: Path | None = None, model_name: str = "",
                 examples: tuple[Sequence[str], Sequence[str]] | None = None):
        self.embed_model = embed_model
        # (narrow, broad) example questions; the labelled set of ``kind_examples`` by default.
        self.examples = examples or (kind_examples.FACT, kind_examples.OVERVIEW)
        self.regularisation = regularisation
        self.cache_dir = cache_dir
        self.model_name = model_name
        self._weights: tuple[np.ndarray, float] | None = None
        self._lock = threading.Lock()

    def _vectors(self, questions: Sequence[str]) -> np.ndarray:
        texts = [CLASSIFY_PROMPT + q for q in questions]
        return unit_rows(self.embed_model.get_text_embedding_batch(texts))

    def _cache_file(self) -> Path | None:
        if self.cache_dir is None:
            return None
        key = json.dumps([self.model_name, CLASSIFY_PROMPT, self.regularisation,
                          list(self.examples[0]), list(self.examples[1])])
        return self.cache_dir / f"broad-{hashlib.sha256(key.encode()).hexdigest()[:20]}.json"

    def _classifier(self) -> tuple[np.ndarray, float]:
        with self._lock:
            if self._weights is None:
                self._weights = self._load() or self._train()
            return self._weights

    def _load(self) -> tuple[np.ndarray, float] | None:
        file = self._cache_file()
        try:
            data = json.loads(file.read_text()) if file else None
        except (OSError, ValueError):
            return None
        return (np.asarray(data["coef"], dtype=np.float64), float(data["intercept"])) if data else None

    def _train(self) -> tuple[np.ndarray, float]:
        from sklearn.linear_model import LogisticRegression

        narrow, broad = self.examples
        examples = [*narrow, *broad]
        labels = [0] * len(narrow) + [1] * len(broad)
        clf = LogisticRegression(C=self.regularisation, max_iter=3000).fit(self._vectors(examples), labels)
        weights = (clf.coef_[0].astype(np.float64), float(clf.intercept_[0]))
        file = self._cache_file()
        if file is not None:
            file.parent.mkdir(parents=True, exist_ok=True)
            tmp = file.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"coef": weights[0].tolist(), "intercept": weights[1]}))
            tmp.replace(file)
        return weights

    def is_broad(self, question: str) -> bool:
        coef, intercept = self._classifier()  # logistic regression: positive margin = broad
        return bool(float(self._vectors([question])[0] @ coef) + intercept > 0)


def _spreads(mode: str, years: set[int]) -> bool:
    return mode == "always" or (mode == "period" and len(years) > 1)


def _heading_span(text: str, heading: str, before: int) -> tuple[int, int] | None:
    """Where ``heading`` stands as a line of its own in a report's ``text``, last before
    ``before`` (a section's passages follow its heading)."""
    found = None
    for m in re.finditer(rf"(?m)^[ \t]*({re.escape(heading)})[ \t]*$", text[:before]):
        found = (m.start(1), m.end(1))
    return found


class Overview:
    """The assistant's broad-question path: whether a question is broad, and its answer as
    bullets of the reports' sentences under a lead line (or the model's answer)."""

    def __init__(self, settings: Settings, retriever: Retriever,
                 classifier: BroadQuestions | None = None,
                 summaries: BroadQuestions | None = None) -> None:
        self.settings = settings
        self.retriever = retriever
        self._classifier = classifier
        self._summaries = summaries

    def _trained(self, examples: tuple[Sequence[str], Sequence[str]]) -> BroadQuestions:
        return BroadQuestions(self.retriever.embed_model, self.settings.assistant.broad_regularisation,
                              cache_dir=self.settings.paths.data_dir / "cache",
                              model_name=embed_model_name(self.settings), examples=examples)

    @property
    def classifier(self) -> BroadQuestions:
        """Broad or narrow (trained, or read back, on first use)."""
        if self._classifier is None:
            self._classifier = self._trained((kind_examples.FACT, kind_examples.OVERVIEW))
        return self._classifier

    @property
    def summaries(self) -> BroadQuestions:
        """Of a question that names one report: a summary of it (the second kind), or what it
        says on a theme (the first)."""
        if self._summaries is None:
            self._summaries = self._trained((kind_examples.REPORT_THEME,
                                             kind_examples.REPORT_SUMMARY))
        return self._summaries

    def is_broad(self, question: str, lang: str) -> bool:
        """A broad question; one that asks for a count, name or date (in any of its asks) is
        not."""
        if not self.settings.assistant.overview or lang not in ("nl", "en"):
            return False
        if typed_ask(question):
            return False
        return self.classifier.is_broad(question)

    @staticmethod
    def _headed(found: list[EvidenceItem], texts: dict[str, str]) -> list[EvidenceItem]:
        """The bullets with each section's heading before its sentences, as a cited item of
        its own: the heading tells what a sentence is about ("Bied ruimte aan economie" of
        the position paper is itself its demand), which the sentence alone often does not.
        Not for a report's untitled opening, nor where the heading cannot be found."""
        out: list[EvidenceItem] = []
        for item in found:
            p = item.passage
            if out and (out[-1].passage.source, out[-1].passage.section) == (p.source, p.section):
                out.append(item)
                continue
            span = None
            if p.section and p.section != p.title:
                span = _heading_span(texts[p.source], p.section, item.start)
            if span:
                out.append(EvidenceItem(p, p.section, span[0], span[1], item.score, heading=True))
            out.append(item)
        return out

    @staticmethod
    def _shown(passages: list[Passage], headings: list[EvidenceItem],
               texts: dict[str, str]) -> list[Passage]:
        """The passages with every cited heading inside one: the section's passage that
        follows its heading is shown from the heading on; a heading whose section opens
        with no passage shown is shown as a passage of its own."""
        out = list(passages)
        for h in headings:
            if any(p.source == h.passage.source and p.start <= h.start and h.end <= p.end
                   for p in out):
                continue
            text = texts[h.passage.source]
            after = [i for i, p in enumerate(out) if p.source == h.passage.source
                     and p.start >= h.end and not text[h.end : p.start].strip()]
            if after:
                p = out[after[0]]
                out[after[0]] = replace(p, start=h.start, text=text[h.start : p.end])
            else:
                out.append(replace(h.passage, start=h.start, end=h.end, text=h.text,
                                   rank=len(out) + 1))
        return out

    def answer(self, lead: Part, question: str, passages: list[Passage],
               lang: str) -> tuple[Part, list[Passage]]:
        """The answer to a broad question: the model's answer (or a plain lead) followed by
        bullets of report sentences, numbered after the lead's citations; and the passages the
        bullets were chosen from."""
        a, s = self.settings.assistant, self.settings.index
        texts: dict[str, str] = {}  # each report's text read once (from disk), for all its uses

        def text_of(source: str) -> str:
            if source not in texts:
                texts[source] = self.retriever.report_text(source)
            return texts[source]

        hints = analyze_query(question, self.retriever.reports())
        summary = False
        if len(hints.sources) == 1:
            # The report named delimits the sources, as the years delimit the period; all of
            # its sections are read. A summary of it is told by a classifier: "Wat vraagt het
            # position paper?" is one, "Wat vraagt het position paper voor het mkb?" is not.
            summary = self.summaries.is_broad(question)
            seen = {p.chunk_id for p in passages}
            whole = self.retriever.retrieve(question, k=a.report_passages, sources=hints.sources)
            passages = [p for p in passages + [p for p in whole if p.chunk_id not in seen]
                        if p.source in hints.sources]
        if hints.years:  # the years named delimit the period ("van 2023 tot 2025" has 2024)
            period = range(min(hints.years), max(hints.years) + 1)
            passages = [p for p in passages if p.year in period]
        rules = Rules(a.overview_bullets, a.overview_min_similarity, margin=a.overview_margin,
                      per_section=a.overview_per_section,
                      fusion=(s.bm25_weight, s.dense_weight, s.rrf_k),
                      passage_weight=a.overview_passage_weight,
                      context_weight=a.overview_context_weight,
                      # Without an answer of its own, one loose sentence is no overview.
                      min_answering=1 if lead.text else 2,
                      theme_words=a.overview_theme_name_words if a.overview_theme_sections else 0,
                      opening_bonus=s.opening_bonus)
        found = bullets(question, passages, self.retriever.embed_model, rules, skip=lead.items,
                        representative=summary,
                        spread=not summary and _spreads(a.overview_spread, hints.years),
                        report_text=text_of)
        if not found:
            return lead, []
        for source in {e.passage.source for e in found}:  # the headings are read in them
            text_of(source)
        found = self._headed(found, texts)
        text = "\n".join([lead.text or prompts.BROAD_LEAD[lang],
                          *section_bullets(found, len(lead.items) + 1, a.overview_per_section)])
        return (Part(text, lead.items + found, lead.flagged, lead.plain),
                self._shown(passages, [e for e in found if e.heading], texts))
