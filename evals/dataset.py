"""Question sets: JSONL, one item per line (schema in evals/datasets/README.md).

Two splits: ``dev`` (rules and prompts may be tuned on it) and ``test`` (written from the
reports alone, never used to tune anything; measured only after a change is built).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATASETS = Path(__file__).parent / "datasets"
SPLITS = {"dev": DATASETS / "dev.jsonl", "test": DATASETS / "test.jsonl"}
DEFAULT_DATASET = SPLITS["dev"]
# Single facts and lists, then the broad kinds, then the refusals.
TYPES = ("fact", "keyword", "multi-report", "year", "follow-up", "injection", "multi-turn",
         "overview", "english", "near-miss", "far-off", "refusal")


class DatasetError(ValueError):
    """A question set that does not follow the schema; the message names the line."""


def _check_targets(where: str, item: dict[str, Any]) -> None:
    for key in ("expected_facts", "key_points"):
        value = item.get(key) or []
        if not all(isinstance(t, list) and t and all(isinstance(s, str) and s for s in t)
                   for t in value):
            raise DatasetError(f"{where}: '{key}' moet een lijst van lijsten met tekst zijn")
    if (item.get("expected_facts") or item.get("key_points")) and not item.get("gold_sources"):
        raise DatasetError(f"{where}: feiten zonder 'gold_sources'")


def _parse(path: Path, n: int, line: str, split: str) -> dict[str, Any]:
    where = f"{path}:{n}"
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{where}: geen geldige JSON ({exc})") from exc
    if not isinstance(item, dict):
        raise DatasetError(f"{where}: geen JSON-object")
    for key in ("id", "type"):
        if key not in item:
            raise DatasetError(f"{where}: veld '{key}' ontbreekt")
    if item["type"] not in TYPES:
        raise DatasetError(f"{where}: onbekend type '{item['type']}'")
    turns = item.get("turns")
    if item["type"] == "multi-turn":
        if not isinstance(turns, list) or len(turns) < 2 or not all(
                isinstance(t, dict) and t.get("question") for t in turns):
            raise DatasetError(f"{where}: 'turns' moet minstens twee beurten met een vraag hebben")
        for k, turn in enumerate(turns, 1):
            _check_targets(f"{where} beurt {k}", turn)
            turn.setdefault("gold_sources", [])
        item.setdefault("question", turns[0]["question"])
    elif not item.get("question"):
        raise DatasetError(f"{where}: veld 'question' ontbreekt")
    _check_targets(where, item)
    item.setdefault("expected_facts", [])
    item.setdefault("gold_sources", [])
    item.setdefault("history", [])
    item.setdefault("split", split)
    return item


def load_dataset(path: Path, split: str = "") -> list[dict[str, Any]]:
    """Items of a JSONL file; ``split`` is what an item without its own ``split`` belongs to
    (by default the file's name when it is one of the splits, else "eigen")."""
    path = Path(path)
    split = split or (path.stem if path.stem in SPLITS else "eigen")
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            items.append(_parse(path, n, line, split))
    ids = [i["id"] for i in items]
    if len(set(ids)) != len(ids):
        raise DatasetError(f"{path}: dubbele id's")
    return items


def load_splits(splits: list[str]) -> list[dict[str, Any]]:
    """The items of the named splits, in order."""
    unknown = [s for s in splits if s not in SPLITS]
    if unknown:
        raise DatasetError(f"onbekende split {unknown}: kies uit {sorted(SPLITS)}")
    return [item for s in splits for item in load_dataset(SPLITS[s], s)]
