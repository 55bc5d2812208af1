import zlib
from pathlib import Path

from ingest import load_corpus


def test_report_without_metadata_gets_inferred_metadata_and_a_warning(corpus: Path) -> None:
    (corpus / "notitie-arbeidsmarkt.txt").write_text(
        "Notitie arbeidsmarkt 2029\n\nIn 2029 startten tien regionale werkcentra.\n", encoding="utf-8")
    loaded = load_corpus(corpus)
    report = next(r for r in loaded.reports if r.id == "notitie-arbeidsmarkt")
    assert report.meta.year == 2029
    assert report.meta.title == "Notitie arbeidsmarkt 2029"
    assert report.meta.inferred
    assert any("notitie-arbeidsmarkt.txt" in w for w in loaded.warnings)


def test_bad_files_are_reported_by_name_and_skipped(corpus: Path) -> None:
    (corpus / "leeg.txt").write_bytes(b"")
    (corpus / "binair.txt").write_bytes(zlib.compress(b"x" * 1000) + b"\x00\x01\x02" * 100)
    (corpus / "kapot.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (corpus / "groot.txt").write_bytes(b"woord " * (9 * 1024 * 1024))  # ~54 MB
    (corpus / "plaatje.png").write_bytes(b"\x89PNG")
    loaded = load_corpus(corpus)
    errors = "\n".join(loaded.errors)
    for name in ("leeg.txt", "binair.txt", "kapot.pdf", "groot.txt"):
        assert name in errors
    assert "te groot" in errors and "binair" in errors and "leeg" in errors
    assert {r.id for r in loaded.reports} == {"jaarverslag-2030", "positionpaper-2031"}
    assert any("plaatje.png" in w for w in loaded.warnings)


def test_non_ascii_file_name(corpus: Path) -> None:
    (corpus / "Verslag café Zwolle 2029.txt").write_text("Verslag\n\nDe bijeenkomst was in 2029.\n",
                                                        encoding="utf-8")
    loaded = load_corpus(corpus)
    assert "verslag-café-zwolle-2029" in {r.id for r in loaded.reports}
