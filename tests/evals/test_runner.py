import json
from pathlib import Path

from evals import DEFAULT_DATASET, load_dataset, run_evals
from g40.settings import Settings
from index import build_index


def test_eval_on_five_questions_with_fake_llm_writes_report(settings: Settings, tmp_path: Path) -> None:
    build_index(settings)
    dataset = tmp_path / "mini.jsonl"
    items = [
        {"id": "a", "question": "Hoeveel pilots voor financieringsconstructies waren er in 2030?", "type": "year",
         "expected_facts": [["14", "veertien"]], "gold_sources": ["jaarverslag-2030"]},
        {"id": "b", "question": "Wie sprak over innovatie in het MKB?", "type": "fact",
         "expected_facts": [["Anna de Vries"]], "gold_sources": ["jaarverslag-2030"]},
        {"id": "c", "question": "Wie is de burgemeester van Utrecht?", "type": "refusal"},
        {"id": "d", "question": "What should entrepreneurs arrange for labour migrants?", "type": "english",
         "expected_facts": [["huisvesting"]], "gold_sources": ["positionpaper-2031"]},
        {"id": "e", "question": "En wat was het thema daar?", "type": "follow-up",
         "history": [{"role": "user", "content": "Waar was de netwerkdag in maart 2030?"},
                     {"role": "assistant", "content": "In Zwolle."}],
         "expected_facts": [["circulaire economie"]], "gold_sources": ["jaarverslag-2030"]},
    ]
    dataset.write_text("\n".join(json.dumps(i) for i in items), encoding="utf-8")
    out = tmp_path / "run"
    code = run_evals(settings, dataset=dataset, out_dir=out, log=lambda s: None, baseline=True,
                     min_score=["refusal_correct=0.1"])
    assert code == 0
    results = json.loads((out / "results.json").read_text())
    assert [r["name"] for r in results["runs"]] == ["default", "baseline"]
    assert len(results["runs"][1]["rows"]) == 5
    summary = results["runs"][0]["summary"]
    for metric in ("hit@5", "fact_correct", "refusal_correct", "citation_precision", "invalid_citations"):
        assert metric in summary
    html = (out / "report.html").read_text()
    assert "fact_and_cited" in html and "data:image/png;base64" in html and "Mislukte vragen" in html
    assert "| metric |" in (out / "summary.md").read_text()
    # A threshold that is missed gives a non-zero exit code (the cache makes the re-run instant).
    assert run_evals(settings, dataset=dataset, out_dir=out, log=lambda s: None,
                     min_score=["fact_correct=1.01"]) == 1


def test_own_dataset_follows_the_schema() -> None:
    items = load_dataset(DEFAULT_DATASET)
    assert len(items) >= 80
    types = {i["type"] for i in items}
    assert types == {"fact", "multi-report", "year", "follow-up", "refusal", "english", "injection"}
