"""Retrieval quality and latency on the own Dutch question set (real embedder, real corpus),
against the naive baseline retriever (dense only, default chunking, top-2)."""

from __future__ import annotations

import time

from benchmarks.common import emit, fresh_settings, pct, questions
from evals.metrics import hit_at, mrr
from index import Retriever, build_index, get_embed_model


def main() -> None:
    settings = fresh_settings()
    model = get_embed_model(settings)
    build_index(settings, embed_model=model)
    retriever = Retriever(settings, embed_model=model)
    items = questions()
    retriever.retrieve("opwarmen")
    lat, h1, h5, rr = [], 0, 0, 0.0
    for item in items:
        t0 = time.perf_counter()
        passages = [p.to_dict() for p in retriever.retrieve(str(item["question"]), k=10)]
        lat.append(time.perf_counter() - t0)
        h1 += hit_at(passages, item, 1)
        h5 += hit_at(passages, item, 5)
        rr += mrr(passages, item, 10)

    from llama_index.core import SimpleDirectoryReader, VectorStoreIndex

    docs = SimpleDirectoryReader(input_dir=str(settings.paths.corpus_dir), required_exts=[".txt"]).load_data()
    base = VectorStoreIndex.from_documents(docs, embed_model=model).as_retriever(similarity_top_k=5)
    b_lat, b_h5 = [], 0
    for item in items:
        t0 = time.perf_counter()
        nodes = base.retrieve(str(item["question"]))
        b_lat.append(time.perf_counter() - t0)
        ps = [{"source": str(n.node.metadata.get("file_name", "")).rsplit(".", 1)[0],
               "text": n.node.get_content()} for n in nodes]
        b_h5 += hit_at(ps, item, 5)
    n = len(items)
    emit([
        {"name": f"hit@1 ({n} questions)", "value": round(h1 / n, 3)},
        {"name": "hit@5", "value": round(h5 / n, 3), "baseline": round(b_h5 / n, 3)},
        {"name": "MRR@10", "value": round(rr / n, 3)},
        {"name": "retrieval p50", "value": round(pct(lat, 0.5) * 1000, 1), "unit": "ms",
         "baseline": round(pct(b_lat, 0.5) * 1000, 1)},
        {"name": "retrieval p95", "value": round(pct(lat, 0.95) * 1000, 1), "unit": "ms",
         "baseline": round(pct(b_lat, 0.95) * 1000, 1)},
    ])


if __name__ == "__main__":
    main()
