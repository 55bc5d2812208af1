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

    from llama_index.core import SimpleDirectoryReader, VectorStoreIndex

    t0 = time.perf_counter()
    docs = SimpleDirectoryReader(input_dir=str(settings.paths.corpus_dir), required_exts=[".txt"]).load_data()
    VectorStoreIndex.from_documents(docs, embed_model=model)
    baseline_s = time.perf_counter() - t0
    rows = [
        {"name": "embedding model load", "value": round(load_s, 2), "unit": "s"},
        {"name": f"full build ({full.reports} reports, {full.chunks} chunks)", "value": full.seconds,
         "unit": "s", "baseline": round(baseline_s, 2)},
        {"name": "embedding throughput", "value": round(full.chunks / max(full.seconds, 1e-9), 2),
         "unit": "chunks/s"},
        {"name": "no-change `g40 index`", "value": same.seconds, "unit": "s"},
        {"name": f"incremental: one report added ({added.embedded_chunks} chunks embedded)",
         "value": added.seconds, "unit": "s"},
    ]
    emit(rows)


if __name__ == "__main__":
    main() if "--help" not in sys.argv else print(__doc__)
