"""Scale: a SYNTHETIC corpus (the reports' sentences recombined, labelled synthetic) of ~1k and
~10k chunks, indexed in embedded and in server mode (`chroma run` on loopback).

Stored vectors come from the deterministic hash embedder (768-d) because embedding 10k chunks
with EmbeddingGemma takes hours on 2 cores (see bench_index for its throughput); the query is
embedded by the real model, so retrieval latency includes everything a user waits for.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

from benchmarks.common import emit, fresh_settings, pct
from config import PROJECT_ROOT, load_settings
from index import Retriever, build_index, get_embed_model
from index.embed import HashEmbedding
from ingest import load_corpus, split_sentences


def synthetic_corpus(target: Path, chunks: int) -> None:
    reports = load_corpus(PROJECT_ROOT / "corpus").reports
    sentences = [r.text[s:e] for r in reports for s, e in split_sentences(r.text) if e - s > 40]
    rng = random.Random(42)
    target.mkdir(parents=True, exist_ok=True)
    per_file = 100
    for f in range(max(1, chunks // per_file)):
        sections = []
        for c in range(per_file):
            body = " ".join(rng.sample(sentences, 4))
            sections.append(f"Synthetisch onderwerp {f}-{c}\n\n{body}")
        (target / f"synthetisch-{f:04d}.txt").write_text(
            f"Synthetisch rapport {f} (SYNTHETIC, benchmark only)\n\n" + "\n\n".join(sections),
            encoding="utf-8")


def start_chroma(path: Path, port: int) -> subprocess.Popen[bytes]:
    exe = str(Path(sys.executable).parent / "chroma")
    proc = subprocess.Popen([exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("chroma run did not start")


def measure(label: str, chunks: int, server: bool, query_model: object) -> list[dict[str, object]]:
    settings = fresh_settings(corpus=Path(os.environ["G40_SYN_CORPUS"]))
    proc = None
    if server:
        proc = start_chroma(settings.paths.data_dir / "chroma-server", 8765)
        os.environ["G40_CHROMA_HOST"] = "127.0.0.1"
        os.environ["G40_CHROMA_PORT"] = "8765"
        settings = load_settings()
    try:
        t0 = time.perf_counter()
        summary = build_index(settings, embed_model=HashEmbedding(dim=768, embed_batch_size=256))
        build_s = time.perf_counter() - t0
        retriever = Retriever(settings, embed_model=query_model)  # type: ignore[arg-type]
        qs = ["Hoeveel regio's doen mee aan de MKB-aanpak?", "Wat deed de pijler aan ruimte voor werken?",
              "Wie is de voorzitter van de pijler?", "Wat vraagt de G40 over arbeidsmigratie?"] * 10
        retriever.retrieve(qs[0])
        lat = []
        for q in qs:
            t = time.perf_counter()
            retriever.retrieve(q)
            lat.append(time.perf_counter() - t)
    finally:
        os.environ.pop("G40_CHROMA_HOST", None)
        if proc:
            proc.terminate()
            proc.wait()
        shutil.rmtree(settings.paths.data_dir, ignore_errors=True)
    mode = "server" if server else "embedded"
    return [
        {"name": f"{label} {mode}: build (store+BM25, {summary.chunks} chunks)", "value": round(build_s, 1), "unit": "s"},
        {"name": f"{label} {mode}: retrieval p50", "value": round(pct(lat, 0.5) * 1000, 1), "unit": "ms"},
        {"name": f"{label} {mode}: retrieval p95", "value": round(pct(lat, 0.95) * 1000, 1), "unit": "ms"},
    ]


def main() -> None:
    quick = "--quick" in sys.argv
    sizes = [("1k", 1000)] if quick else [("1k", 1000), ("10k", 10000)]
    model = get_embed_model(load_settings())
    rows: list[dict[str, object]] = []
    for label, n in sizes:
        corpus = Path(f"/tmp/g40-synthetic-{n}")
        if not corpus.exists():
            synthetic_corpus(corpus, n)
        os.environ["G40_SYN_CORPUS"] = str(corpus)
        for server in (False, True):
            rows += measure(label, n, server, model)
    emit(rows, note="synthetic corpus; stored vectors from the hash embedder, query by EmbeddingGemma")


if __name__ == "__main__":
    main()
