"""Answer latency with the embedded LLM (models loaded first), for fact questions and for broad
questions apart: first evidence, first token, full answer; the naive llama-index baseline on
the same questions in the same run.

The questions are taken evenly from the dev split (facts: `fact` items; broad: `overview`
items), so the figures follow the kinds of question the users ask, not one easy shape.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from assistant import Assistant, Evidence, Final
from benchmarks.common import emit, fresh_settings, pct, questions
from evals.baseline import NaiveBaseline
from index import build_index


def _spread(items: list[dict[str, object]], n: int) -> list[dict[str, object]]:
    return items[:: max(1, len(items) // n)][:n]


def _ours(bot: Assistant, items: list[dict[str, object]]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"evidence": [], "first": [], "total": []}
    for item in items:
        bot.wait_idle()  # the previous answer's cache restore: a person reads meanwhile
        t0 = time.perf_counter()
        shown = False
        for event in bot.stream(str(item["question"])):
            if isinstance(event, Evidence) and not shown:  # the first passages shown
                shown = True
                out["evidence"].append(time.perf_counter() - t0)
            elif isinstance(event, Final):
                # A broad answer of report sentences has no model tokens: its first words
                # come with the answer (the pipeline's first_token_s is then its total).
                out["total"].append(event.answer.timings["total_s"])
                out["first"].append(event.answer.timings["first_token_s"])
    return out


def _baseline(base: NaiveBaseline, items: list[dict[str, object]]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"first": [], "total": []}
    for item in items:
        r = base.ask(str(item["question"]))
        out["first"].append(r["timings"]["first_token_s"])
        out["total"].append(r["timings"]["total_s"])
    return out


def _rows(kind: str, ours: dict[str, list[float]], base: dict[str, list[float]]) -> list[dict[str, Any]]:
    n = len(ours["total"])
    return [
        {"name": f"{kind}: first evidence p50 ({n} questions)", "value": pct(ours["evidence"], 0.5), "unit": "s"},
        {"name": f"{kind}: first evidence p95", "value": pct(ours["evidence"], 0.95), "unit": "s"},
        {"name": f"{kind}: first token p50", "value": pct(ours["first"], 0.5), "unit": "s",
         "baseline": pct(base["first"], 0.5)},
        {"name": f"{kind}: first token p95", "value": pct(ours["first"], 0.95), "unit": "s",
         "baseline": pct(base["first"], 0.95)},
        {"name": f"{kind}: full answer p50", "value": pct(ours["total"], 0.5), "unit": "s",
         "baseline": pct(base["total"], 0.5)},
        {"name": f"{kind}: full answer p95", "value": pct(ours["total"], 0.95), "unit": "s",
         "baseline": pct(base["total"], 0.95)},
    ]


def main() -> None:
    quick = "--quick" in sys.argv
    n, n_base = (3, 1) if quick else (10, 4)  # the baseline's ~2k-token prompts take ~30 s each
    settings = fresh_settings()
    build_index(settings)
    bot = Assistant(settings)
    bot.warm_up()  # load models and warm the prompt cache
    dev = questions()
    kinds = {"facts": _spread([i for i in dev if i.get("type") == "fact"], n),
             "broad": _spread([i for i in dev if i.get("type") == "overview"], n)}
    ours = {kind: _ours(bot, items) for kind, items in kinds.items()}
    base = NaiveBaseline(settings)
    base.ask("Wie is de voorzitter van de pijler?")  # load its index and model
    theirs = {kind: _baseline(base, _spread(items, n_base)) for kind, items in kinds.items()}
    emit([row for kind in kinds for row in _rows(kind, ours[kind], theirs[kind])])


if __name__ == "__main__":
    main()
