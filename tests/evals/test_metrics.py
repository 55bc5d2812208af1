from evals.grader import Grader
from evals.metrics import (
    claim_scores,
    fact_correct,
    hit_at,
    invalid_citations,
    mrr,
    score_item,
    summarize,
)

ITEM = {"id": "x", "question": "Hoeveel pilots?", "type": "fact", "gold_sources": ["jv-2024"],
        "expected_facts": [["12", "twaalf"]]}
P_GOOD = {"rank": 1, "source": "jv-2024", "text": "In de vorm van 12 pilots kan worden geëxperimenteerd.",
          "start": 100, "end": 160, "title": "t", "year": 2024, "section": "s", "score": 1.0}
P_OTHER = {**P_GOOD, "source": "jv-2023", "text": "Iets anders.", "start": 0, "end": 12}


def test_fact_correct_accepts_words_digits_accents_and_rejects_partial_numbers() -> None:
    assert fact_correct("Er zijn twaalf pilots.", [["12"]])
    assert fact_correct("Er zijn 12 pilots.", [["twaalf"]])
    assert fact_correct("De actie van koningin Máxima.", [["Maxima"]])
    assert not fact_correct("In 2012 begon het.", [["12"]])
    assert not fact_correct("Er zijn pilots.", [["12"]])
    assert not fact_correct("Anna sprak.", [["Anna"], ["Zwolle"]])


def test_hit_and_mrr() -> None:
    assert hit_at([P_OTHER, P_GOOD], ITEM, 2) and not hit_at([P_OTHER, P_GOOD], ITEM, 1)
    assert mrr([P_OTHER, P_GOOD], ITEM) == 0.5 and mrr([P_OTHER], ITEM) == 0.0


def test_claim_precision_and_citation_rate_by_the_independent_grader() -> None:
    cites = [{"n": 1, "text": P_GOOD["text"]}, {"n": 2, "text": "Iets heel anders over Zwolle."}]
    good = claim_scores("Er komen 12 pilots om te experimenteren [1].", cites, "Hoeveel?", Grader())
    assert good["claim_precision"] == 1.0 and good["claim_citation_rate"] == 1.0
    bad = claim_scores("Er komen 12 pilots [2]. In Zwolle 3 pilots.", cites, "Hoeveel?", Grader())
    assert bad["claim_precision"] == 0.0 and bad["claim_citation_rate"] == 0.5
    assert [v["reason"] for v in bad["verdicts"]] == ["niet in de bron: 12", "geen bron"]


def test_overview_items_get_key_point_recall_and_report_coverage() -> None:
    item = {"id": "o", "question": "Wat deed de pijler?", "type": "overview",
            "gold_sources": ["jv-2024", "jv-2023"], "key_points": [["pilots"], ["Zwolle"]]}
    answered = {"answer": "- Er komen 12 pilots [1].", "answered": True, "passages": [P_GOOD],
                "citations": [{"n": 1, "source": "jv-2024", "text": P_GOOD["text"], "start": 100, "end": 160}]}
    row = score_item(item, answered)
    assert row["keypoint_recall"] == 0.5 and row["report_coverage"] == 0.5
    assert row["claim_precision"] == 1.0 and "fact_correct" not in row


def test_invalid_citations_counts_passages_not_given() -> None:
    inside = {"source": "jv-2024", "start": 110, "end": 150}
    outside = {"source": "jv-2024", "start": 0, "end": 50}
    assert invalid_citations([inside], [P_GOOD]) == 0
    assert invalid_citations([inside, outside], [P_GOOD]) == 1


def test_refusal_correct_both_ways_and_summary() -> None:
    refusal_item = {**ITEM, "gold_sources": [], "expected_facts": [], "type": "refusal"}
    refused = {"answer": "Dat staat niet in de verslagen.", "answered": False, "citations": [],
               "passages": [P_GOOD]}
    assert score_item(refusal_item, refused)["refusal_correct"] is True
    row = score_item(ITEM, refused)
    assert row["refusal_correct"] is False and row["fact_correct"] is False
    answered = {"answer": "Er komen 12 pilots [1].", "answered": True, "passages": [P_GOOD],
                "citations": [{"n": 1, "source": "jv-2024", "text": P_GOOD["text"], "start": 100, "end": 160}]}
    ok = score_item(ITEM, answered)
    assert ok["fact_and_cited"] is True and ok["invalid_citations"] == 0
    summary = summarize([ok, row])
    assert summary["fact_correct"] == 0.5 and summary["refusal_correct"] == 0.5
