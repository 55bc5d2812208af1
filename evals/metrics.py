"""Answer-quality metrics. Each function scores one question; ``summarize`` averages them.

Definitions (also printed in the HTML report):
- hit@k: a relevant passage is among the first k retrieved. Relevant = from a gold report and
  containing one of the expected fact strings (or any gold-report passage when no facts).
- mrr@10: 1/rank of the first relevant passage within the first 10, else 0.
- fact_correct: every expected fact occurs in the answer (one of its alternatives), case- and
  accent-insensitive, number words and digits both accepted, digits matched as whole numbers.
- gold_cited: at least one citation points at a gold report.
- fact_and_cited: fact_correct and gold_cited together.
- citation_precision: share of citations whose passage supports the sentence that carries it.
- citation_recall: share of answer sentences that carry at least one citation.
- faithfulness: share of answer sentences supported by one of their cited passages.
- refusal_correct: refused an unanswerable question, or answered an answerable one.
- invalid_citations: citations that do not lie inside a retrieved passage (must be 0).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from typing import Any

from assistant.citations import split_answer
from assistant.textmatch import NUMBER_WORDS, fold, overlap, unknown_facts

Similarity = Callable[[str, str], float]
_WORDS_OF: dict[int, list[str]] = {}
for _word, _value in NUMBER_WORDS.items():
    _WORDS_OF.setdefault(_value, []).append(_word)


def _variants(alternative: str) -> list[str]:
    alt = fold(alternative.strip())
    out = [alt]
    if alt.isdigit() and int(alt) > 1:
        out += _WORDS_OF.get(int(alt), [])
    if alt in NUMBER_WORDS:
        out.append(str(NUMBER_WORDS[alt]))
    return out


def _contains(text: str, needle: str) -> bool:
    if needle.isdigit() or len(needle) <= 3:
        return re.search(rf"(?<![\w.,]){re.escape(needle)}(?![\w]|[.,]\d)", text) is not None
    return needle in text


def fact_correct(answer: str, expected: list[list[str]]) -> bool:
    """All expected facts present (each fact: a list of acceptable alternatives)."""
    if not expected:
        return False
    text = fold(answer)
    return all(any(_contains(text, v) for alt in fact for v in _variants(alt)) for fact in expected)


def _relevant(passage: dict[str, Any], item: dict[str, Any]) -> bool:
    if passage["source"] not in item["gold_sources"]:
        return False
    facts = item.get("expected_facts") or []
    return not facts or any(fact_correct(passage["text"], [fact]) for fact in facts)


def hit_at(passages: list[dict[str, Any]], item: dict[str, Any], k: int) -> bool:
    return any(_relevant(p, item) for p in passages[:k])


def mrr(passages: list[dict[str, Any]], item: dict[str, Any], k: int = 10) -> float:
    for rank, p in enumerate(passages[:k], 1):
        if _relevant(p, item):
            return 1.0 / rank
    return 0.0


def _sentence_citations(answer: str) -> list[tuple[str, list[int]]]:
    return [(s, c) for s, c in split_answer(answer) if len(s) > 3]


def supported(sentence: str, passage: str, similarity: Similarity | None = None) -> bool:
    if unknown_facts(sentence, passage):
        return False
    if overlap(sentence, passage) >= 0.5:
        return True
    return similarity is not None and similarity(sentence, passage) >= 0.6


def citation_scores(answer: str, citations: list[dict[str, Any]],
                    similarity: Similarity | None = None) -> dict[str, float | None]:
    """Precision, recall and faithfulness of the citations of one answer."""
    by_n = {c["n"]: c["text"] for c in citations}
    sentences = _sentence_citations(answer)
    if not sentences:
        return {"citation_precision": None, "citation_recall": None, "faithfulness": None}
    total = good = carried = faithful = 0
    for sentence, cited in sentences:
        carried += bool(cited)
        ok_any = False
        for n in cited:
            total += 1
            ok = n in by_n and supported(sentence, by_n[n], similarity)
            good += ok
            ok_any = ok_any or ok
        faithful += ok_any
    return {
        "citation_precision": good / total if total else None,
        "citation_recall": carried / len(sentences),
        "faithfulness": faithful / len(sentences),
    }


def invalid_citations(citations: list[dict[str, Any]], passages: list[dict[str, Any]]) -> int:
    def inside(c: dict[str, Any]) -> bool:
        return any(p["source"] == c["source"] and p["start"] <= c["start"] and c["end"] <= p["end"]
                   for p in passages)
    return sum(not inside(c) for c in citations)


def score_item(item: dict[str, Any], result: dict[str, Any],
               similarity: Similarity | None = None) -> dict[str, Any]:
    """All metrics of one question from its `g40 ask --json`-shaped result."""
    answerable = bool(item.get("gold_sources"))
    passages = result.get("passages", [])
    citations = result.get("citations", [])
    answered = bool(result.get("answered"))
    row: dict[str, Any] = {
        "refusal_correct": answered == answerable,
        "invalid_citations": invalid_citations(citations, passages) if citations else 0,
    }
    if answerable:
        row["hit@1"] = hit_at(passages, item, 1)
        row["hit@5"] = hit_at(passages, item, 5)
        row["mrr@10"] = mrr(passages, item, 10)
        row["gold_cited"] = any(c["source"] in item["gold_sources"] for c in citations)
        if item.get("expected_facts"):
            row["fact_correct"] = answered and fact_correct(result.get("answer", ""),
                                                           item["expected_facts"])
            row["fact_and_cited"] = row["fact_correct"] and row["gold_cited"]
    if answered:
        row.update({k: v for k, v in citation_scores(result.get("answer", ""), citations,
                                                     similarity).items() if v is not None})
    return row


METRICS = ["hit@1", "hit@5", "mrr@10", "fact_correct", "gold_cited", "fact_and_cited",
           "citation_precision", "citation_recall", "faithfulness", "refusal_correct",
           "invalid_citations"]


def summarize(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Mean of each metric over the questions where it applies (invalid_citations: the sum)."""
    out: dict[str, float] = {}
    for m in METRICS:
        values = [float(r[m]) for r in rows if m in r]
        if values:
            out[m] = sum(values) if m == "invalid_citations" else round(statistics.fmean(values), 4)
    return out


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]
