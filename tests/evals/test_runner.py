import json
from pathlib import Path

from config import Settings
from evals import run_evals
from evals.runner import cache_key, code_version, conversation
from index import build_index

ITEMS = [
    {"id": "a", "question": "Hoeveel pilots voor financieringsconstructies waren er in 2030?", "type": "year",
     "expected_facts": [["14", "veertien"]], "gold_sources": ["jaarverslag-2030"], "split": "dev"},
    {"id": "b", "question": "Wie sprak over innovatie in het MKB?", "type": "fact",
     "expected_facts": [["Anna de Vries"]], "gold_sources": ["jaarverslag-2030"], "split": "test"},
    {"id": "c", "question": "Wie is de burgemeester van Utrecht?", "type": "far-off", "split": "test"},
    {"id": "d", "question": "Wat deed de pijler in 2030?", "type": "overview", "split": "test",
     "key_points": [["pilots"], ["innovatie"]], "gold_sources": ["jaarverslag-2030"]},
    {"id": "e", "type": "multi-turn", "split": "test", "turns": [
        {"question": "Waar was de netwerkdag in maart 2030?", "expected_facts": [["Zwolle"]],
         "gold_sources": ["jaarverslag-2030"]},
        {"question": "En wat was het thema daar?", "expected_facts": [["circulaire economie"]],
         "gold_sources": ["jaarverslag-2030"]},
        {"question": "Wie opende die dag?", "expected_facts": [], "gold_sources": []}]},
]


def test_eval_reports_both_splits_per_kind_with_the_baseline(settings: Settings, tmp_path: Path) -> None:
    build_index(settings)
    dataset = tmp_path / "mini.jsonl"
    dataset.write_text("\n".join(json.dumps(i) for i in ITEMS), encoding="utf-8")
    out = tmp_path / "run"
    code = run_evals(settings, dataset=dataset, out_dir=out, log=lambda s: None, baseline=True,
                     min_score=["refusal_correct=0.1"])
    assert code == 0
    results = json.loads((out / "results.json").read_text())
    assert [r["name"] for r in results["runs"]] == ["assistent", "baseline"]
    run = results["runs"][0]
    assert list(run["splits"]) == ["dev", "test"]
    # A conversation is asked turn by turn, each turn after the real earlier answers.
    turns = [r for r in run["rows"] if r["type"] == "multi-turn"]
    assert [r["id"] for r in turns] == ["e.1", "e.2", "e.3"]
    assert turns[0]["result"]["answer"] and len(results["runs"][1]["rows"]) == 7
    test = run["splits"]["test"]
    assert {"overview", "far-off", "multi-turn", "fact"} <= set(test["by_type"])
    assert "keypoint_recall" in test["by_type"]["overview"]
    assert "claim_precision" in test["summary"] and "refusal_correct" in test["by_type"]["far-off"]
    html = (out / "report.html").read_text()
    assert "keypoint_recall" in html and "dev · test" in html and "data:image/png;base64" in html
    assert "| soort |" in (out / "summary.md").read_text()
    # A threshold that is missed gives a non-zero exit code (the cache makes the re-run instant).
    assert run_evals(settings, dataset=dataset, out_dir=out, log=lambda s: None,
                     min_score=["fact_correct=1.01"]) == 1


def test_conversation_turns_are_scored_as_their_own_rows() -> None:
    rows = list(conversation({**ITEMS[4], "split": "test"}))
    assert [r for r, _ in rows] == ["e.1", "e.2", "e.3"]
    assert rows[2][1]["gold_sources"] == [] and rows[1][1]["split"] == "test"


def test_cache_key_changes_with_code_settings_index_state_and_conversation() -> None:
    base = cache_key({"x": 1}, "vraag", [], "state-1", "assistant")
    assert base == cache_key({"x": 1}, "vraag", [], "state-1", "assistant")
    assert base != cache_key({"x": 2}, "vraag", [], "state-1", "assistant")
    assert base != cache_key({"x": 1}, "vraag", [], "state-2", "assistant")
    assert base != cache_key({"x": 1}, "vraag", [{"role": "user", "content": "a"}], "state-1", "assistant")
    assert len(code_version()) == 12
