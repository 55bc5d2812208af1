"""Small, precise evidence for the prompt: the best sentences of the retrieved passages.

A 1.5B model on two cores reads ~50-80 tokens/s, so the prompt decides the wait for the first
token. Each numbered passage is therefore a window of one to three sentences (or bullet
lines) with exact offsets into the report text. Windows are scored by how much of the question
they cover together (distinct words, weighted by idf), so a heading line and the "Meer
informatie: ..." line under it count as one answer; the windows are then picked greedily,
each next one scored on what the earlier ones left uncovered, so a question about two years
or two reports gets evidence for both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.textmatch import Idf, content_tokens, is_injection
from index import Passage
from ingest import split_sentences

BULLETS = "•-−*–"  # the list marks the cleaned reports use
_LINE_BREAK = re.compile(rf"\n\s*\n|\n(?=\s*[{re.escape(BULLETS)}] )")


@dataclass
class EvidenceItem:
    passage: Passage
    text: str
    start: int
    end: int
    score: float
    label: str = ""  # the topic line of its block, when the window does not start there
    heading: bool = False  # the section heading itself (a bullet opens with it)


def units(text: str, offset: int) -> list[tuple[int, int, int]]:
    """Sentence spans of a passage with the index of their block; a paragraph break or a
    bullet line starts a new block."""
    spans: list[tuple[int, int, int]] = []
    pos = 0
    for block, m in enumerate([*_LINE_BREAK.finditer(text), None]):
        end = m.start() if m else len(text)
        part = text[pos:end]
        lead = len(part) - len(part.lstrip())
        spans += [(s, e, block) for s, e in split_sentences(part.strip(), offset + pos + lead)]
        pos = m.end() if m else len(text)
    return spans


@dataclass
class _Window:
    passage: Passage
    rank: int
    start: int
    end: int
    tokens: set[str]
    label: str


def _windows(passage: Passage, rank: int, question: set[str], max_chars: int) -> list[_Window]:
    # A planted instruction never reaches the model.
    spans = [u for u in units(passage.text, passage.start)
             if not is_injection(passage.text[u[0] - passage.start : u[1] - passage.start])]
    texts = [passage.text[s - passage.start : e - passage.start] for s, e, _ in spans]
    toks = [content_tokens(t) for t in texts]
    # "in 2024" or "het position paper" is answered by the report the window comes from.
    context = content_tokens(f"{passage.year} {passage.title} {passage.section}") & question
    # The first sentence of a bullet item is its topic: "• Sterke keten ... Meer informatie: X".
    heads: dict[int, int] = {}
    for i, (_, _, block) in enumerate(spans):
        heads.setdefault(block, i)
    out = []
    for lo in range(len(spans)):
        head = heads[spans[lo][2]]
        label = texts[head] if head < lo and texts[head][:1] in BULLETS else ""
        for hi in range(lo, min(lo + 3, len(spans))):
            if hi > lo:
                gap = passage.text[spans[hi - 1][1] - passage.start : spans[hi][0] - passage.start]
                if spans[hi][1] - spans[lo][0] > max_chars or gap.strip():
                    break  # too long, or a planted instruction lies in between
                if texts[hi][:1] in BULLETS:
                    break  # a bullet item is another topic: its "Meer informatie" is not ours
            words = set().union(*toks[lo : hi + 1], toks[head] if label else set()) & question
            out.append(_Window(passage, rank, spans[lo][0], spans[hi][1], words | context,
                               _short(label)))
    return out


def _short(text: str, words: int = 8) -> str:
    parts = text.lstrip("•-−*– ").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def select_evidence(question: str, passages: list[Passage], idf: Idf, limit: int,
                    max_chars: int) -> list[EvidenceItem]:
    """The ``limit`` best sentence windows, best first, never overlapping."""
    q = content_tokens(question)
    candidates = [w for rank, p in enumerate(passages) for w in _windows(p, rank, q, max_chars)]
    total = sum(idf(t) for t in q) or 1.0
    chosen: list[tuple[_Window, float]] = []
    covered: set[str] = set()
    while len(chosen) < limit:
        best: tuple[float, _Window] | None = None
        for w in candidates:
            if any(w.passage.source == c.passage.source and w.start < c.end and c.start < w.end
                   for c, _ in chosen):
                continue
            new = sum(idf(t) for t in w.tokens - covered)
            old = sum(idf(t) for t in w.tokens & covered)
            score = (new + 0.5 * old) / total
            score *= (1.0 - 0.04 * w.rank) * (1.0 - 0.0004 * (w.end - w.start))
            if best is None or score > best[0]:
                best = (score, w)
        if best is None or best[0] <= 0:
            break
        chosen.append((best[1], best[0]))
        covered |= best[1].tokens
    return [EvidenceItem(w.passage, w.passage.text[w.start - w.passage.start : w.end - w.passage.start],
                         w.start, w.end, score, w.label) for w, score in chosen]


def paragraph_span(text: str, start: int, end: int, margin: int) -> tuple[int, int]:
    """The span around ``start``..``end`` in a report's text: to the paragraph's bounds, at
    most ``margin`` characters on either side."""
    para_start = text.rfind("\n\n", 0, start)
    para_end = text.find("\n\n", end)
    lo = max(0 if para_start == -1 else para_start + 2, start - margin)
    hi = min(len(text) if para_end == -1 else para_end, end + margin)
    return lo, hi


def around(question: str, passage: Passage, start: int, end: int, idf: Idf,
           max_chars: int) -> EvidenceItem | None:
    """The window of ``passage`` that holds the sentence at ``start``..``end`` and most of the
    question's words (by idf weight). On a tie, the sentence and what follows it, as long as
    the window may be: a report goes on about what it just told."""
    q = content_tokens(question)
    held = [w for w in _windows(passage, 0, q, max_chars) if w.start <= start and end <= w.end]
    if not held:
        return None
    best = max(held, key=lambda w: (sum(idf(t) for t in w.tokens), w.start == start, w.end - w.start))
    text = passage.text[best.start - passage.start : best.end - passage.start]
    return EvidenceItem(passage, text, best.start, best.end, 1.0, best.label)


def format_passages(items: list[EvidenceItem]) -> str:
    return "\n".join(
        f"[{i}] ({it.passage.source}{'; ' + it.label if it.label else ''}) {it.text}"
        for i, it in enumerate(items, 1)
    )
