"""Cold start from the shell, each command a fresh process on an assembled install: `g40 --help`,
a no-change `g40 index`, `g40 retrieve --json`, `g40 ask --json` (first token, answer, wall), and
the naive llama-index pipeline (torch embedder, in-memory index, same LLM) cold in the same run.
Then the machine's limits: llama.cpp prefill and decode tokens/s for this model (llama.cpp's own
timings) and the embedder's chunks/s per backend, beside what the pipeline achieves."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any

from benchmarks.common import emit, fresh_settings, pct, questions

G40 = [sys.executable, "-m", "g40.cli"]


def run(cmd: list[str]) -> tuple[float, dict[str, Any]]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} failed: {proc.stderr[-1500:]}")
    lines = proc.stdout.strip().splitlines()
    try:
        return wall, json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        return wall, {}


def naive_once(question: str) -> None:
    """One cold answer of the naive pipeline (run in its own process by main)."""
    from config import load_settings
    from evals.baseline import NaiveBaseline

    t0 = time.perf_counter()
    result = NaiveBaseline(load_settings()).ask(question)
    print(json.dumps({"ready_s": time.perf_counter() - t0 - result["timings"]["total_s"],
                      **result["timings"]}))  # ready_s: reading, embedding and indexing the reports


def llm_limits(settings: Any) -> dict[str, float]:
    """llama.cpp's own prefill and decode rates for a ~700-token prompt and 64 new tokens."""
    import requests

    from assistant.llm import embedded_server

    base = embedded_server(settings).removesuffix("/v1")
    text = " ".join(str(q["question"]) for q in questions(40))
    rates: dict[str, list[float]] = {"prefill": [], "decode": []}
    for i in range(3):
        body = {"prompt": f"{i} {text}", "n_predict": 64, "cache_prompt": False, "temperature": 0}
        timings = requests.post(f"{base}/completion", json=body, timeout=600).json()["timings"]
        rates["prefill"].append(timings["prompt_per_second"])
        rates["decode"].append(timings["predicted_per_second"])
        rates.setdefault("prompt_n", []).append(timings["prompt_n"])
    return {k: pct(v, 0.5) for k, v in rates.items()}


def embed_limits(settings: Any) -> dict[str, float]:
    """Chunks/s of each embedder backend on the corpus's own chunks (batches of 16)."""
    from index.embed import get_embed_model
    from ingest import load_corpus

    chunks = [c.search_text for r in load_corpus(settings.paths.corpus_dir).reports for c in r.chunks][:48]
    rates = {}
    for backend in ("torch", "onnx", "onnx-int8"):
        model = get_embed_model(settings.with_embed_backend(backend))
        model.get_text_embedding_batch(chunks[:4])
        t0 = time.perf_counter()
        for i in range(0, len(chunks), 16):
            model.get_text_embedding_batch(chunks[i : i + 16])
        rates[backend] = len(chunks) / (time.perf_counter() - t0)
    return rates


def main() -> None:
    quick = "--quick" in sys.argv
    settings = fresh_settings()
    from index import build_index

    build_index(settings)
    asks = [str(q["question"]) for q in questions() if q.get("type") == "fact"][: 3 if quick else 5]
    # An installed system has its prompt prefix on disk after its first answer: make it so.
    run([*G40, "ask", "--json", "Wat is de pijler Economie en Werk?"])
    help_s = [run([*G40, "--help"])[0] for _ in range(3)]
    index_s = [run([*G40, "index"])[0] for _ in range(3)]
    retrieve_s = [run([*G40, "retrieve", "--json", q])[0] for q in asks]
    first, total = [], []
    for q in asks:
        w, result = run([*G40, "ask", "--json", q])
        # Since the process started: what a caller waits for the first word and the answer.
        first.append(w - result["timings"]["total_s"] + result["timings"]["first_token_s"])
        total.append(w)
    naive = [run([sys.executable, "-m", "benchmarks.bench_cold", "--naive", q]) for q in asks[:3]]
    n_wall = [w for w, _ in naive]
    n_first = [w - r["total_s"] + r["first_token_s"] for w, r in naive]
    llm = llm_limits(settings)
    emb = embed_limits(settings)
    rows: list[dict[str, object]] = [
        {"name": "cold `g40 --help`", "value": pct(help_s, 0.5), "unit": "s"},
        {"name": "cold no-change `g40 index`", "value": pct(index_s, 0.5), "unit": "s"},
        {"name": f"cold `g40 retrieve --json` p50 ({len(asks)} q)", "value": pct(retrieve_s, 0.5), "unit": "s"},
        {"name": "cold `g40 ask --json`: first token p50 (since process start)", "value": pct(first, 0.5),
         "unit": "s", "baseline": pct(n_first, 0.5)},
        {"name": "cold `g40 ask --json`: answer p50 (process wall)", "value": pct(total, 0.5), "unit": "s",
         "baseline": pct(n_wall, 0.5)},
        {"name": f"limit: llama.cpp prefill ({int(llm['prompt_n'])}-token prompt)",
         "value": round(llm["prefill"], 1), "unit": "tok/s"},
        {"name": "limit: llama.cpp decode", "value": round(llm["decode"], 1), "unit": "tok/s"},
    ] + [{"name": f"limit: embedder {b}", "value": round(v, 2), "unit": "chunks/s"} for b, v in emb.items()]
    emit(rows)


if __name__ == "__main__":
    if "--naive" in sys.argv:
        naive_once(sys.argv[-1])
    elif "--help" in sys.argv:
        print(__doc__)
    else:
        main()
