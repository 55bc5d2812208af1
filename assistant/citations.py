"""Check every [n] of a generated answer against the passages that were given.

A citation survives only when it points at a given passage that supports its sentence:
enough shared content words (or, across languages, a close embedding) and every number and
name of the sentence present in the passage. A sentence without a valid citation gets the
passage that supports it best; a sentence no passage supports is dropped and reported.
Surviving citations are renumbered 1..n in order of first appearance.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.textmatch import numbers, overlap, unknown_facts
from ingest import sentences

_MARK = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")

Similarity = Callable[[str, str], float]  # (sentence, passage) -> 0..1


@dataclass
class Checked:
    text: str  # the answer with renumbered citations
    order: list[int]  # 0-based passage index of citation 1, 2, ...
    dropped: list[str] = field(default_factory=list)
    repaired: int = 0
    removed_invalid: int = 0


def sentences_of(answer: str) -> list[str]:
    """The sentences of an answer, each with its citation marks."""
    return sentences(answer.strip())


def split_answer(answer: str) -> list[tuple[str, list[int]]]:
    """Sentences of an answer with the 1-based numbers they cite (markers removed)."""
    out = []
    for raw in sentences_of(answer):
        cited = [int(n) for m in _MARK.finditer(raw) for n in m.group(1).split(",")]
        text = _MARK.sub("", raw).strip()
        text = re.sub(r"\s+([.,;:!?])", r"\1", text)
        if text:
            out.append((text, cited))
    return out


def supports(sentence: str, passage: str, question: str, min_overlap: float,
             similarity: Similarity | None = None) -> bool:
    if unknown_facts(sentence, passage, question):
        return False
    if overlap(sentence, passage) >= min_overlap:
        return True
    # Across languages (English answer, Dutch passage) only meaning can be compared; numbers
    # and names were checked above.
    return similarity is not None and similarity(sentence, passage) >= 0.45


def check_citations(answer: str, passages: list[str], question: str = "",
                    min_overlap: float = 0.5, similarity: Similarity | None = None) -> Checked:
    """Verify, repair and renumber the citations of ``answer`` against ``passages``."""
    order: list[int] = []
    kept: list[str] = []
    dropped: list[str] = []
    repaired = removed = 0
    for text, cited in split_answer(answer):
        valid = [n - 1 for n in cited if 1 <= n <= len(passages)]
        removed += len(cited) - len(valid)
        keep = [i for i in dict.fromkeys(valid)
                if supports(text, passages[i], question, min_overlap, similarity)]
        if not keep:
            # One sentence may join two passages ("3 in 2024 en 2 in 2025"): then both are cited.
            found = _best(text, passages, question, min_overlap, similarity)
            keep = [found] if found is not None else _best_pair(
                text, passages, question, min_overlap, similarity, prefer=valid)
            if not keep:
                dropped.append(text)
                continue
            repaired += sorted(keep) != sorted(dict.fromkeys(valid))
        marks = []
        for i in keep:
            if i not in order:
                order.append(i)
            marks.append(f"[{order.index(i) + 1}]")
        body = text[:-1] if text[-1:] in ".!?" else text
        end = text[-1] if text[-1:] in ".!?" else "."
        kept.append(f"{body} {''.join(marks)}{end}")
    return Checked(" ".join(kept), order, dropped, repaired, removed)


def _best(text: str, passages: list[str], question: str, min_overlap: float,
          similarity: Similarity | None) -> int | None:
    scored = sorted(((overlap(text, p), i) for i, p in enumerate(passages)), reverse=True)
    for _, i in scored:
        if supports(text, passages[i], question, min_overlap, similarity):
            return i
    return None


def _best_pair(text: str, passages: list[str], question: str, min_overlap: float,
               similarity: Similarity | None, prefer: list[int]) -> list[int]:
    """Two passages that support the sentence only together (the cited ones first)."""
    ranked = sorted(range(len(passages)), key=lambda i: (i not in prefer, -overlap(text, passages[i])))
    # When none of the sentence's numbers is in the passage the model cited, a pair would take
    # them all from another passage: the model mixed up facts ("6 keer" of one group, the words
    # of another, seen on the dev split), rather than joining two ("3 in 2024 en 2 in 2025").
    claimed = numbers(text) - numbers(question)
    cited = numbers(" ".join(passages[i] for i in prefer))
    mixed = bool(prefer and claimed and not claimed & cited)
    for a, i in enumerate(ranked[:4]):
        for j in ranked[a + 1 : 4]:
            if mixed and (i in prefer) != (j in prefer):
                continue
            if supports(text, f"{passages[i]} {passages[j]}", question, min_overlap, similarity):
                return sorted((i, j))
    return []
