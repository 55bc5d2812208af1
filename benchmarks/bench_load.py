"""20 concurrent chat users (gradio_client, loopback) against the running app with the embedded
LLM, then chat while an admin rebuild runs. Reports errors and time to first evidence."""

from __future__ import annotations

import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from benchmarks.common import emit, fresh_settings, pct
from index import build_index
from tests.ui.apphelpers import chat_user, running_app

QUESTIONS = ["Hoeveel regio's doen in 2025 mee aan de regionale MKB-aanpak?",
             "Wat deed de pijler in 2024 aan ruimte voor werken?",
             "Wie is de voorzitter van de pijler?",
             "Wie is de burgemeester van Utrecht?"]


def user(url: str, i: int) -> tuple[float, float, bool]:
    first, total, answer = chat_user(url, QUESTIONS[i % len(QUESTIONS)])
    return first, total, bool(answer)


def main() -> None:
    users = 6 if "--quick" in sys.argv else 20
    settings = fresh_settings()
    build_index(settings)

    with running_app(settings) as url:
        user(url, 0)  # warm up the models
        with ThreadPoolExecutor(max_workers=users) as pool:
            results = list(pool.map(lambda i: user(url, i), range(users)))
        errors = sum(1 for *_, ok in results if not ok)
        firsts = [f for f, _, _ in results]
        totals = [t for _, t, _ in results]

        during: list[float] = []
        failures = 0
        done = threading.Event()

        def rebuild() -> None:
            build_index(settings, rebuild=True, wait_s=60)
            done.set()

        threading.Thread(target=rebuild).start()
        while not done.is_set():
            try:
                f, t, ok = user(url, len(during))
                during.append(t)
                failures += not ok
            except Exception:  # noqa: BLE001 - a failed query is what we count
                failures += 1
    emit([
        {"name": f"{users} concurrent users: errors", "value": errors},
        {"name": "first evidence p50 under load", "value": pct(firsts, 0.5), "unit": "s"},
        {"name": "first evidence p95 under load", "value": pct(firsts, 0.95), "unit": "s"},
        {"name": "full answer p95 under load (queued, 1 LLM)", "value": pct(totals, 0.95), "unit": "s"},
        {"name": f"queries during a full rebuild ({len(during)} asked): failures", "value": failures},
    ])


if __name__ == "__main__":
    main()
