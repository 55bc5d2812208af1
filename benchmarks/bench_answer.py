"""Answer latency with the embedded LLM (models loaded first): first evidence, first token,
full answer, and prompt size; the naive llama-index baseline on the same questions."""

from __future__ import annotations

import sys
import time

from assistant import Assistant, Evidence, Final, Token
from benchmarks.common import emit, fresh_settings, pct, questions
from evals.baseline import NaiveBaseline
from index import build_index


def main() -> None:
    n = 4 if "--quick" in sys.argv else 10
    settings = fresh_settings()
    build_index(settings)
    bot = Assistant(settings)
    bot.warm_up()  # load models and warm the prompt cache
    items = questions()[:: max(1, len(questions()) // n)][:n]
    ev, ft, tot = [], [], []
    for item in items:
        bot.wait_idle()  # the previous answer's cache restore: a person reads meanwhile
        t0 = time.perf_counter()
        first = 0.0
        shown = 0.0
        for event in bot.stream(str(item["question"])):
            if isinstance(event, Evidence) and not shown:  # the first passages shown
                shown = time.perf_counter() - t0
                ev.append(shown)
            elif isinstance(event, Token) and not first:
                first = time.perf_counter() - t0
            elif isinstance(event, Final):
                tot.append(event.answer.timings["total_s"])
                ft.append(event.answer.timings["first_token_s"])
    base = NaiveBaseline(settings)
    base.ask("Wie is de voorzitter van de pijler?")
    b_ft, b_tot = [], []
    for item in items[:4]:  # the baseline's ~2k-token prompts take ~40 s each on 2 cores
        r = base.ask(str(item["question"]))
        b_ft.append(r["timings"]["first_token_s"])
        b_tot.append(r["timings"]["total_s"])
    emit([
        {"name": f"first evidence p50 ({len(items)} questions)", "value": pct(ev, 0.5), "unit": "s"},
        {"name": "first evidence p95", "value": pct(ev, 0.95), "unit": "s"},
        {"name": "first token p50", "value": pct(ft, 0.5), "unit": "s", "baseline": pct(b_ft, 0.5)},
        {"name": "first token p95", "value": pct(ft, 0.95), "unit": "s", "baseline": pct(b_ft, 0.95)},
        {"name": "full answer p50", "value": pct(tot, 0.5), "unit": "s", "baseline": pct(b_tot, 0.5)},
        {"name": "full answer p95", "value": pct(tot, 0.95), "unit": "s", "baseline": pct(b_tot, 0.95)},
    ])


if __name__ == "__main__":
    main()
