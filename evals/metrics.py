"""Answer-quality metrics. Each function scores one question; ``summarize`` averages them.

Definitions (also printed in the HTML report):
- hit@k: a relevant passage is among the first k retrieved. Relevant = from a gold report and
  containing one of the expected fact or key-point strings (any gold passage when none).
- mrr@10: 1/rank of the first relevant passage within the first 10, else 0.
- fact_correct: every expected fact occurs in the answer (one of its alternatives), case- and
  accent-insensitive, number words and digits both accepted, digits matched as whole numbers.
- gold_cited: at least one citation points at a gold report.
- fact_and_cited: fact_correct and gold_cited together.
- keypoint_recall (broad questions): share of the key points that occur in the answer.
- report_coverage (broad questions): share of the gold reports that the answer cites.
- claim_precision: share of the answer's claims that a cited passage supports, judged by the
  independent grader (evals/grader.py: exact names and numbers in one sentence of the cited
  passage, and the same meaning by embedding similarity or an LLM judge).
- claim_citation_rate: share of the answer's claims that carry a citation.
- refusal_correct: refused an unanswerable question, or answered an answerable one
  (reported per kind: near-miss refusals separately from far-off ones).
- invalid_citations: citations that do not lie inside a retrieved passage (must be 0).
"""

from __future__ import annotations

import statistics
from typing import Any

from evals.grader import Grader
from evals.text import has_any


def fact_correct(answer: str, expected: list[list[str]]) -> bool:
    """All expected facts present (each fact: a list of acceptable alternatives)."""
    return bool(expected) and all(has_any(answer, fact) for fact in expected)


def keypoint_recall(answer: str, key_points: list[list[str]]) -> float:
    return sum(has_any(answer, point) for point in key_points) / len(key_points)


def _targets(item: dict[str, Any]) -> list[list[str]]:
    return list(item.get("expected_facts") or []) + list(item.get("key_points") or [])


def _relevant(passage: dict[str, Any], item: dict[str, Any]) -> bool:
    if passage["source"] not in item["gold_sources"]:
        return False
    targets = _targets(item)
    return not targets or any(has_any(passage["text"], t) for t in targets)


def hit_at(passages: list[dict[str, Any]], item: dict[str, Any], k: int) -> bool:
    return any(_relevant(p, item) for p in passages[:k])


def mrr(passages: list[dict[str, Any]], item: dict[str, Any], k: int = 10) -> float:
    for rank, p in enumerate(passages[:k], 1):
        if _relevant(p, item):
            return 1.0 / rank
    return 0.0


def claim_scores(answer: str, citations: list[dict[str, Any]], question: str,
                 grader: Grader) -> dict[str, Any]:
    """Claim precision and citation rate of one answer, with the grader's verdicts."""
    verdicts = grader.grade(answer, {c["n"]: c["text"] for c in citations}, question)
    if not verdicts:
        return {}
    return {
        "claim_precision": sum(v.supported for v in verdicts) / len(verdicts),
        "claim_citation_rate": sum(bool(v.claim.cited) for v in verdicts) / len(verdicts),
        "verdicts": [{"claim": v.claim.text, "cited": v.claim.cited, "supported": v.supported,
                      "reason": v.reason} for v in verdicts],
    }


def invalid_citations(citations: list[dict[str, Any]], passages: list[dict[str, Any]]) -> int:
    def inside(c: dict[str, Any]) -> bool:
        return any(p["source"] == c["source"] and p["start"] <= c["start"] and c["end"] <= p["end"]
                   for p in passages)
    return sum(not inside(c) for c in citations)


def score_item(item: dict[str, Any], result: dict[str, Any],
               grader: Grader | None = None) -> dict[str, Any]:
    """All metrics of one question from its `g40 ask --json`-shaped result."""
    answerable = bool(item.get("gold_sources"))
    passages = result.get("passages", [])
    citations = result.get("citations", [])
    answered = bool(result.get("answered"))
    answer = str(result.get("answer", "")) if answered else ""
    row: dict[str, Any] = {
        "refusal_correct": answered == answerable,
        "invalid_citations": invalid_citations(citations, passages) if citations else 0,
    }
    if answerable:
        row["hit@1"] = hit_at(passages, item, 1)
        row["hit@5"] = hit_at(passages, item, 5)
        row["mrr@10"] = mrr(passages, item, 10)
        cited_sources = {c["source"] for c in citations}
        row["gold_cited"] = bool(cited_sources & set(item["gold_sources"]))
        if item.get("expected_facts"):
            row["fact_correct"] = fact_correct(answer, item["expected_facts"])
            row["fact_and_cited"] = row["fact_correct"] and row["gold_cited"]
        if item.get("key_points"):
            row["keypoint_recall"] = keypoint_recall(answer, item["key_points"])
            row["report_coverage"] = (len(cited_sources & set(item["gold_sources"]))
                                      / len(set(item["gold_sources"])))
    if answered:
        row.update(claim_scores(answer, citations, item["question"], grader or Grader()))
    return row


METRICS = ["fact_and_cited", "fact_correct", "gold_cited", "keypoint_recall", "report_coverage",
           "claim_precision", "claim_citation_rate", "refusal_correct", "hit@1", "hit@5",
           "mrr@10", "invalid_citations"]


def summarize(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Mean of each metric over the questions where it applies (invalid_citations: the sum)."""
    out: dict[str, float] = {}
    for m in METRICS:
        values = [float(r[m]) for r in rows if m in r]
        if values:
            out[m] = sum(values) if m == "invalid_citations" else round(statistics.fmean(values), 4)
    out["n"] = len(rows)
    return out


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]
