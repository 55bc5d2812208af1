from pathlib import Path

from config import PROJECT_ROOT
from ingest import chunk_doc, clean, load_corpus, split_sentences


def test_sentence_split_keeps_abbreviations() -> None:
    text = "Hij was lid van o.a. de stuurgroep. Dat is 12 keer. Nr. 3 volgt."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["Hij was lid van o.a. de stuurgroep.", "Dat is 12 keer.",
                                             "Nr. 3 volgt."]


def test_chunk_offsets_point_at_the_clean_text_for_the_real_corpus() -> None:
    loaded = load_corpus(PROJECT_ROOT / "corpus")
    assert len(loaded.reports) == 5 and not loaded.errors
    for report in loaded.reports:
        assert report.chunks
        for c in report.chunks:
            assert report.text[c.start:c.end] == c.text
            # no chunk starts mid-sentence
            before = report.text[:c.start].rstrip()
            assert not before or before[-1] in ".!?:;”\"’)" or report.text[c.start - 1] == "\n" or \
                c.text[0].isupper(), c.text[:60]


def test_chunks_stay_within_a_section_and_ids_are_stable() -> None:
    doc = clean("Eerste kop\n\nZin een. Zin twee.\n\nTweede kop\n\nZin drie. Zin vier.\n")
    a = chunk_doc(doc, "r", "T", 2030, "verslag", target_chars=1000)
    b = chunk_doc(doc, "r", "T", 2030, "verslag", target_chars=1000)
    assert [c.section for c in a] == ["Eerste kop", "Tweede kop"]
    assert [c.id for c in a] == [c.id for c in b]


def test_fixture_corpus_metadata(corpus: Path) -> None:
    loaded = load_corpus(corpus)
    by_id = {r.id: r for r in loaded.reports}
    assert by_id["jaarverslag-2030"].meta.year == 2030
    assert "verstedelijkingsafspraken" in by_id["jaarverslag-2030"].text
