"""Full build, no-change run and incremental add on the real corpus with the real embedder;
the naive llama-index baseline (VectorStoreIndex.from_documents) in the same run."""

from __future__ import annotations

import sys
import time

from benchmarks.common import emit, fresh_settings
from index import build_index, get_embed_model


def main() -> None:
    settings = fresh_settings()
    t0 = time.perf_counter()
    model = get_embed_model(settings)
    load_s = time.perf_counter() - t0
    full = build_index(settings, embed_model=model)
    same = build_index(settings, embed_model=model)
    extra = settings.paths.corpus_dir / "extra-notitie-2026.txt"
    text = (settings.paths.corpus_dir / "jaarverslag-2023.txt").read_text(encoding="utf-8")
    extra.write_text("Extra notitie 2026\n\n" + text.replace("2023", "2026"), encoding="utf-8")
    added = build_index(settings, embed_model=model)
    # A long report (~150 chunks, a 50-page report): all reports' texts one after another, twice.
    texts = [p.read_text(encoding="utf-8") for p in sorted(settings.paths.corpus_dir.glob("*.txt"))
             if p != extra]
    big = settings.paths.corpus_dir / "bundel-2027.txt"
    big.write_text("Bundel 2027\n\n" + "\n\n".join(texts * 2).replace("202", "203"), encoding="utf-8")
    t0 = time.perf_counter()
    long_report = build_index(settings, embed_model=model)
    from index import Retriever

    found = Retriever(settings, embed_model=model).retrieve("Bundel 2027 pijler Economie en Werk", k=1)
    long_s = time.perf_counter() - t0

    from llama_index.core import SimpleDirectoryReader, VectorStoreIndex

    from config import PROJECT_ROOT

    # The naive pipeline: the five reports, sentence-transformers on torch (loaded beforehand).
    from evals.baseline import naive_embed_model

    torch_model = naive_embed_model(settings)
    t0 = time.perf_counter()
    docs = SimpleDirectoryReader(input_dir=str(PROJECT_ROOT / "corpus"), required_exts=[".txt"]).load_data()
    VectorStoreIndex.from_documents(docs, embed_model=torch_model)
    baseline_s = time.perf_counter() - t0
    rows = [
        {"name": f"embedding model load ({settings.index.embed_backend})", "value": round(load_s, 2),
         "unit": "s"},
        {"name": f"full build ({full.reports} reports, {full.chunks} chunks)", "value": full.seconds,
         "unit": "s", "baseline": round(baseline_s, 2)},
        {"name": "embedding throughput", "value": round(full.chunks / max(full.seconds, 1e-9), 2),
         "unit": "chunks/s"},
        {"name": "no-change `g40 index`", "value": same.seconds, "unit": "s"},
        {"name": f"incremental: one report added ({added.embedded_chunks} chunks embedded)",
         "value": added.seconds, "unit": "s"},
        {"name": f"long report added and searchable ({long_report.embedded_chunks} chunks embedded, "
                 f"found: {bool(found)})", "value": round(long_s, 2), "unit": "s"},
    ]
    emit(rows)


if __name__ == "__main__":
    main() if "--help" not in sys.argv else print(__doc__)
