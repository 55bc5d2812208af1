from pathlib import Path

import pytest

from ingest import IngestError, read_text


def test_docx_and_html(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Ruimte voor werken")
    d.add_paragraph("In 2029 waren er 7 pilots.")
    d.save(str(tmp_path / "r.docx"))
    assert "7 pilots" in read_text(tmp_path / "r.docx")
    (tmp_path / "r.html").write_text("<html><script>x()</script><h2>Kop</h2><p>Een <b>alinea</b>.</p>"
                                     "<ul><li>punt</li></ul></html>", encoding="utf-8")
    text = read_text(tmp_path / "r.html")
    assert "Kop" in text and "Een alinea ." in text and "• punt" in text and "x()" not in text


def test_pdf_roundtrip_and_encrypted_pdf(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(200, 200)
    w.encrypt("geheim")
    with (tmp_path / "dicht.pdf").open("wb") as f:
        w.write(f)
    with pytest.raises(IngestError, match="wachtwoord|tekst"):
        read_text(tmp_path / "dicht.pdf")


def test_cp1252_text_is_decoded(tmp_path: Path) -> None:
    (tmp_path / "oud.txt").write_bytes("financiële knelpunten".encode("cp1252"))
    assert read_text(tmp_path / "oud.txt") == "financiële knelpunten"
