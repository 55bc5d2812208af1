"""Small, precise evidence for the prompt: the best sentences of the retrieved passages.

A 1.5B model on two cores reads ~80 tokens/s, so the prompt decides the wait for the first
token. Each numbered passage is therefore a window of one to three sentences around the
sentence that matches the question best, with exact offsets into the report text.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.textmatch import Idf, content_tokens, is_injection
from index import Passage
from ingest import split_sentences


@dataclass
class EvidenceItem:
    passage: Passage
    text: str
    start: int
    end: int
    score: float


def select_evidence(question: str, passages: list[Passage], idf: Idf, limit: int,
                    max_chars: int) -> list[EvidenceItem]:
    """The ``limit`` best sentence windows, best first, never overlapping."""
    q = content_tokens(question)
    candidates: list[EvidenceItem] = []
    for rank, p in enumerate(passages):
        # Planted instructions in a report never reach the model.
        all_spans = split_sentences(p.text, p.start)
        planted = [s for s, e in all_spans if is_injection(p.text[s - p.start : e - p.start])]
        spans = [(s, e) for s, e in all_spans if s not in planted]
        if not spans:
            continue
        texts = [p.text[s - p.start : e - p.start] for s, e in spans]
        scores = [sum(idf(t) for t in q & content_tokens(t_)) for t_ in texts]
        best = max(range(len(spans)), key=lambda i: scores[i])
        lo = hi = best
        # Grow towards the better neighbour while the window stays small.
        while True:
            options = []
            if lo > 0:
                options.append((scores[lo - 1] + 0.1, lo - 1, hi))
            if hi + 1 < len(spans):
                options.append((scores[hi + 1] + 0.2, lo, hi + 1))  # the next sentence usually continues
            options = [o for o in options if spans[o[2]][1] - spans[o[1]][0] <= max_chars]
            if not options or hi - lo >= 2:
                break
            _, lo, hi = max(options)
        start, end = spans[lo][0], spans[hi][1]
        if any(start <= s < end for s in planted):
            start, end = spans[best]  # a planted instruction sits between kept sentences
        window_score = sum(scores[lo : hi + 1]) / (1 + 0.15 * (hi - lo)) + 0.3 * scores[best]
        prior = 1.0 - 0.05 * rank  # retrieval rank breaks ties
        candidates.append(EvidenceItem(p, p.text[start - p.start : end - p.start], start, end,
                                       window_score * prior))
    candidates.sort(key=lambda e: -e.score)
    chosen: list[EvidenceItem] = []
    for c in candidates:
        if any(c.passage.source == o.passage.source and c.start < o.end and o.start < c.end
               for o in chosen):
            continue
        chosen.append(c)
        if len(chosen) >= limit:
            break
    return chosen


def format_passages(items: list[EvidenceItem]) -> str:
    return "\n".join(
        f"[{i}] ({it.passage.source}) {it.text}" for i, it in enumerate(items, 1)
    )
