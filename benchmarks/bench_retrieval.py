"""Retrieval quality and latency per embedding backend (torch fp32, ONNX fp32, ONNX int8) on the
dev and test questions (real corpus), against the naive baseline retriever (dense only, default
chunking, top-5) in the same run. An int8 backend is the default only where its hit@5 is within
0.01 of torch's on both splits."""

from __future__ import annotations

import sys
import time
from typing import Any

from benchmarks.common import emit, fresh_settings, pct, questions
from evals.metrics import hit_at, mrr
from index import Retriever, build_index, get_embed_model

BACKENDS = ("torch", "onnx", "onnx-int8")


def score(retriever: Any, items: list[dict[str, Any]]) -> dict[str, float]:
    lat, h1, h5, rr = [], 0, 0, 0.0
    for item in items:
        t0 = time.perf_counter()
        passages = [p.to_dict() for p in retriever.retrieve(str(item["question"]), k=10)]
        lat.append(time.perf_counter() - t0)
        h1 += hit_at(passages, item, 1)
        h5 += hit_at(passages, item, 5)
        rr += mrr(passages, item, 10)
    n = len(items)
    return {"hit1": h1 / n, "hit5": h5 / n, "mrr": rr / n, "p50": pct(lat, 0.5), "p95": pct(lat, 0.95)}


def baseline_hit5(settings: Any, splits: dict[str, list[dict[str, Any]]]) -> dict[str, float]:
    from llama_index.core import SimpleDirectoryReader, VectorStoreIndex

    from evals.baseline import naive_embed_model

    model = naive_embed_model(settings)
    docs = SimpleDirectoryReader(input_dir=str(settings.paths.corpus_dir), required_exts=[".txt"]).load_data()
    base = VectorStoreIndex.from_documents(docs, embed_model=model).as_retriever(similarity_top_k=5)
    scores = {}
    for split, items in splits.items():
        hits = 0
        for item in items:
            ps = [{"source": str(n.node.metadata.get("file_name", "")).rsplit(".", 1)[0],
                   "text": n.node.get_content()} for n in base.retrieve(str(item["question"]))]
            hits += hit_at(ps, item, 5)
        scores[split] = hits / len(items)
    return scores


def main() -> None:
    quick = "--quick" in sys.argv
    splits = {s: questions(20 if quick else None, split=s) for s in ("dev", "test")}
    rows: list[dict[str, object]] = []
    base: dict[str, float] = {}
    chosen = [b for b in BACKENDS if f"--{b}" in sys.argv] or list(BACKENDS)
    for backend in chosen:
        settings = fresh_settings(embed_backend=backend)
        model = get_embed_model(settings)
        build_index(settings, embed_model=model)
        retriever = Retriever(settings, embed_model=model)
        retriever.retrieve("opwarmen")
        if backend == chosen[0]:
            # The naive baseline always runs the torch embedder, as an afternoon's pipeline would.
            base = baseline_hit5(settings, splits)
        for split, items in splits.items():
            r = score(retriever, items)
            tag = f"{backend}, {split} ({len(items)} q)"
            rows += [
                {"name": f"hit@1 [{tag}]", "value": round(r["hit1"], 3)},
                {"name": f"hit@5 [{tag}]", "value": round(r["hit5"], 3), "baseline": round(base[split], 3)},
                {"name": f"MRR@10 [{tag}]", "value": round(r["mrr"], 3)},
                {"name": f"retrieval p50 [{tag}]", "value": round(r["p50"] * 1000, 1), "unit": "ms"},
                {"name": f"retrieval p95 [{tag}]", "value": round(r["p95"] * 1000, 1), "unit": "ms"},
            ]
    emit(rows)


if __name__ == "__main__":
    main() if "--help" not in sys.argv else print(__doc__)
