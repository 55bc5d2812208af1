"""Question sets: JSONL, one item per line (schema in evals/datasets/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DEFAULT_DATASET = Path(__file__).parent / "datasets" / "g40_nl.jsonl"
TYPES = {"fact", "multi-report", "year", "follow-up", "refusal", "english", "injection"}


class DatasetError(ValueError):
    """A question set that does not follow the schema; the message names the line."""


def load_dataset(path: Path) -> list[dict[str, Any]]:
    items = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}:{n}: geen geldige JSON ({exc})") from exc
        for key in ("id", "question", "type"):
            if key not in item:
                raise DatasetError(f"{path}:{n}: veld '{key}' ontbreekt")
        if item["type"] not in TYPES:
            raise DatasetError(f"{path}:{n}: onbekend type '{item['type']}'")
        item.setdefault("expected_facts", [])
        item.setdefault("gold_sources", [])
        item.setdefault("history", [])
        items.append(item)
    return items
