"""The question sets follow the schema, and every expected string stands in its gold report."""

import json
from pathlib import Path

import pytest

from config import PROJECT_ROOT
from evals.dataset import SPLITS, DatasetError, load_dataset, load_splits
from evals.text import NUMBER_WORDS, fold

CORPUS = PROJECT_ROOT / "corpus"


def _targets(item: dict) -> list[tuple[list[str], list[str]]]:
    """(alternatives, gold reports) of every fact and key point, conversation turns included."""
    parts = item.get("turns") or [item]
    return [(t, p.get("gold_sources", [])) for p in parts
            for t in (p.get("expected_facts") or []) + (p.get("key_points") or [])]


@pytest.mark.parametrize("split", sorted(SPLITS))
def test_every_expected_string_stands_in_a_gold_report(split: str) -> None:
    texts = {p.stem: fold(p.read_text(encoding="utf-8")) for p in CORPUS.glob("*.txt")}
    missing = []
    for item in load_dataset(SPLITS[split]):
        for alternatives, gold in _targets(item):
            found = [a for a in alternatives
                     if fold(a) in NUMBER_WORDS or any(fold(a) in texts[g] for g in gold)]
            if not found:
                missing.append((item["id"], alternatives, gold))
    assert not missing


def test_the_splits_hold_the_kinds_users_ask_and_do_not_overlap() -> None:
    dev, test = load_splits(["dev"]), load_splits(["test"])
    assert len(test) >= 80
    both = dev + test
    count = {t: sum(i["type"] == t for i in both) for t in {i["type"] for i in both}}
    assert count["overview"] >= 30 and count["keyword"] >= 10 and count["near-miss"] >= 10
    assert count["multi-turn"] >= 5 and all(len(i["turns"]) == 3 for i in both if i["type"] == "multi-turn")
    assert sum(i["type"] == "english" and bool(i.get("key_points")) for i in both) >= 3
    for kind in ("overview", "keyword", "near-miss", "far-off", "multi-turn", "english"):
        assert any(i["type"] == kind for i in test), kind
    assert all(i["split"] == "test" for i in test) and all(i["split"] == "dev" for i in dev)
    assert not {fold(i["question"]) for i in dev} & {fold(i["question"]) for i in test}
    assert all(i["key_points"] and i["gold_sources"] for i in both if i["type"] == "overview")
    assert all(not i["gold_sources"] for i in both if i["type"] in ("near-miss", "far-off"))


def test_a_broken_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "eigen.jsonl"
    path.write_text(json.dumps({"id": "a", "question": "x?", "type": "fact"}) + "\n{kapot\n")
    with pytest.raises(DatasetError, match="eigen.jsonl:2"):
        load_dataset(path)
    path.write_text(json.dumps({"id": "a", "type": "multi-turn", "turns": [{"question": "x"}]}))
    with pytest.raises(DatasetError, match="turns"):
        load_dataset(path)
    path.write_text(json.dumps({"id": "a", "question": "x", "type": "overview",
                                "key_points": [["a"]]}))
    with pytest.raises(DatasetError, match="gold_sources"):
        load_dataset(path)
