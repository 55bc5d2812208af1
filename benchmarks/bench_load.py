"""Concurrent chat users against the running app (gradio_client, loopback) with the embedded
LLM: first evidence, first answer text and full answer for 1, 5 and 20 users; how many saw
their place in the line; the time of a repeated (cached) question; then chat during a rebuild.

Every user asks a different question (from the dev split, so none is cached), all at once.
Each user is its own process (as a browser would be): clients in the server's process would
compete with it for Python's interpreter lock and make the server look slower than it is.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from assistant import Assistant, Event, Evidence
from benchmarks.common import emit, fresh_settings, pct, questions
from index import build_index
from tests.ui.apphelpers import running_app


def chat(url: str, question: str) -> dict[str, Any]:
    from gradio_client import Client

    client = Client(url, verbose=False)
    t0 = time.perf_counter()
    job = client.submit(question, [], "Alle jaren", "Alle rapporten", api_name="/chat")
    out: dict[str, Any] = {"evidence": 0.0, "first_text": 0.0, "waited": False}
    for update in job:
        now = time.perf_counter() - t0
        if not out["evidence"] and "Gevonden passages" in str(update[1]):
            out["evidence"] = now
        bubble = str(update[0][-1]["content"]) if update[0] else ""
        out["waited"] = out["waited"] or "voor u" in bubble
        streamed = "<p class='provisional'>" in bubble or "provisional" not in bubble
        if not out["first_text"] and out["evidence"] and streamed:
            out["first_text"] = now
    out["total"] = time.perf_counter() - t0
    outputs = job.outputs()
    out["answer"] = str(outputs[-1][0][-1]["content"]) if outputs else ""
    return out


def _user(url: str, question: str, start: Any) -> dict[str, Any]:
    from gradio_client import Client

    Client(url, verbose=False)  # import and connect before the wave starts
    start.wait()
    return chat(url, question)


def wave(url: str, qs: list[str]) -> list[dict[str, Any]]:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager, ProcessPoolExecutor(len(qs), mp_context=ctx) as pool:
        start = manager.Barrier(len(qs))
        return list(pool.map(_user, [url] * len(qs), qs, [start] * len(qs)))


class TimedAssistant(Assistant):
    """The assistant with the server-side time from a question's arrival to its first passages
    (what the server does, apart from the clients that share this machine's two cores)."""

    first_evidence: list[float] = []

    def stream(self, *args: Any, **kwargs: Any) -> Iterator[Event]:
        t0, seen = time.perf_counter(), False
        for event in super().stream(*args, **kwargs):
            if not seen and isinstance(event, Evidence):
                self.first_evidence.append(time.perf_counter() - t0)
                seen = True
            yield event


def main() -> None:
    sizes = [1, 3] if "--quick" in sys.argv else [1, 5, 20]
    if "--users" in sys.argv:  # one wave of this size, e.g. --users 20
        sizes = [int(sys.argv[sys.argv.index("--users") + 1])]
    settings = fresh_settings()
    build_index(settings)
    pool = [str(i["question"]) for i in questions()]
    rows: list[dict[str, object]] = []
    bot = TimedAssistant(settings)
    with running_app(settings, bot=bot) as url:
        chat(url, "Wie is de voorzitter van de pijler?")  # warm up the models
        used = 0
        for n in sizes:
            bot.first_evidence = []
            results = wave(url, pool[used:used + n])
            used += n
            label = f"{n} user{'s' if n > 1 else ''}"
            rows += [
                {"name": f"{label}: errors", "value": sum(1 for r in results if not r["answer"])},
                {"name": f"{label}: first evidence p50 / p95",
                 "value": f"{pct([r['evidence'] for r in results], .5):.2f} / "
                          f"{pct([r['evidence'] for r in results], .95):.2f}", "unit": "s"},
                {"name": f"{label}: first evidence in the server p50 / p95",
                 "value": f"{pct(bot.first_evidence, .5):.2f} / {pct(bot.first_evidence, .95):.2f}",
                 "unit": "s"},
                {"name": f"{label}: first answer text p50 / p95",
                 "value": f"{pct([r['first_text'] for r in results], .5):.1f} / "
                          f"{pct([r['first_text'] for r in results], .95):.1f}", "unit": "s"},
                {"name": f"{label}: full answer p50 / p95",
                 "value": f"{pct([r['total'] for r in results], .5):.1f} / "
                          f"{pct([r['total'] for r in results], .95):.1f}", "unit": "s"},
                {"name": f"{label}: saw their place in the line", "value": sum(r["waited"] for r in results)},
            ]
        again = chat(url, pool[0])  # asked before: answered from the cache
        rows.append({"name": "repeated question (cache): full answer", "value": round(again["total"], 3),
                     "unit": "s"})

        during: list[float] = []
        failures = 0
        done = threading.Event()

        def rebuild() -> None:
            build_index(settings, rebuild=True, wait_s=60)
            done.set()

        threading.Thread(target=rebuild).start()
        while not done.is_set():
            try:
                r = chat(url, pool[used + len(during)])
                during.append(r["total"])
                failures += not r["answer"]
            except Exception:  # noqa: BLE001 - a failed query is what we count
                failures += 1
    rows.append({"name": f"queries during a full rebuild ({len(during)} asked): failures", "value": failures})
    emit(rows)


if __name__ == "__main__":
    main()
