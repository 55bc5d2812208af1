"""Helpers for benchmark parts: isolated data dirs, percentiles, peak memory, output."""

from __future__ import annotations

import json
import os
import resource
import shutil
import tempfile
from pathlib import Path

from config import PROJECT_ROOT, Settings, load_settings


def fresh_settings(corpus: Path | None = None, **overrides: str) -> Settings:
    data = Path(tempfile.mkdtemp(prefix="g40-bench-"))
    if corpus is None:
        corpus = data / "corpus"
        shutil.copytree(PROJECT_ROOT / "corpus", corpus)
    os.environ["G40_DATA_DIR"] = str(data)
    os.environ["G40_CORPUS_DIR"] = str(corpus)
    return load_settings(**overrides)


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return round(s[min(len(s) - 1, int(round(q * (len(s) - 1))))], 4) if s else 0.0


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def emit(rows: list[dict[str, object]], **extra: object) -> None:
    """Print the result line that run_all reads."""
    print(json.dumps({"rows": rows, "peak_rss_mb": peak_mb(), **extra}))


def questions(limit: int | None = None, split: str = "dev") -> list[dict[str, object]]:
    """Single questions of an eval split that name the report(s) holding the answer."""
    from evals import SPLITS, load_dataset

    items = [i for i in load_dataset(SPLITS[split]) if i["gold_sources"] and not i.get("history")]
    return items[:limit] if limit else items
