"""Turn a file of any supported type into raw text, or raise a clear IngestError."""

from __future__ import annotations

from pathlib import Path

from storage import REPORT_SUFFIXES as SUPPORTED


class IngestError(Exception):
    """A file that cannot be ingested; the message names the file and the reason (Dutch)."""


def read_text(path: Path, max_mb: float = 20.0) -> str:
    """Raw text of a report file. Raises IngestError for unsupported, empty, binary or oversized files."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(f"{path.name}: bestandstype {suffix or '(geen)'} wordt niet ondersteund")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"{path.name}: niet leesbaar ({exc.strerror})") from exc
    if size == 0:
        raise IngestError(f"{path.name}: bestand is leeg")
    if size > max_mb * 1024 * 1024:
        raise IngestError(f"{path.name}: bestand is te groot ({size / 1e6:.1f} MB, max {max_mb:g} MB)")
    try:
        if suffix == ".pdf":
            text = _read_pdf(path)
        elif suffix == ".docx":
            text = _read_docx(path)
        elif suffix in (".html", ".htm"):
            text = _read_html(path)
        else:
            text = _decode(path.read_bytes(), path.name)
    except IngestError:
        raise
    except Exception as exc:  # every parser has its own exception zoo; report, never crash
        raise IngestError(f"{path.name}: kan niet gelezen worden ({type(exc).__name__}: {exc})") from exc
    if not text.strip():
        raise IngestError(f"{path.name}: bevat geen tekst")
    return text


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise IngestError(f"{name}: lijkt een binair bestand, geen tekst")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:8192]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    if sample and (controls / len(sample) > 0.05 or sample.count("\ufffd") / len(sample) > 0.05):
        raise IngestError(f"{name}: lijkt een binair bestand, geen tekst")
    return text


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise IngestError(f"{path.name}: PDF is beveiligd met een wachtwoord")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as exc:
        raise IngestError(f"{path.name}: PDF is beschadigd of onvolledig ({exc})") from exc
    # A form feed marks the page gap, which cleaning treats like the blank lines of .txt extracts.
    return "\n\n\n".join(pages)


def _read_docx(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    return "\n\n".join(p.text for p in document.paragraphs)


def _read_html(path: Path) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode(path.read_bytes(), path.name), "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer"]):
        tag.decompose()
    blocks = []
    for el in soup.find_all(["h1", "h2", "h3", "h4", "p", "li"]):
        text = " ".join(el.get_text(" ").split())
        if text:
            blocks.append(("• " + text) if el.name == "li" else text)
    return "\n\n".join(blocks) if blocks else soup.get_text("\n")
