"""``reports.toml``: the title, year, kind and date of each report, read and written as data.

Written with a TOML library (never by string formatting), validated before it replaces the old
file, and replaced atomically; the last version that was read or written correctly is kept
beside it as ``.reports.last-good.toml``, so a hand edit that breaks the file can be undone.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import tomlkit
from tomlkit.exceptions import ParseError

METADATA_FILE = "reports.toml"
LAST_GOOD_FILE = ".reports.last-good.toml"
KINDS = ("jaarverslag", "position paper", "verslag", "rapport")
MAX_TITLE = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HEADER = ("# Metadata of the reports in this folder. The table name is the report id: the file "
           "stem.\n# kind: jaarverslag | position paper | verslag | rapport\n")


class MetadataError(ValueError):
    """reports.toml or a metadata value is invalid; the message is Dutch and names the place."""


@dataclass
class ReportMeta:
    title: str
    year: int
    kind: str
    date: str = ""
    inferred: bool = False


def validate(rid: str, meta: ReportMeta) -> ReportMeta:
    """The metadata of one report as it may be stored; raises MetadataError saying what is wrong."""
    title = meta.title.strip()
    if not title:
        raise MetadataError(f"{rid}: de titel is leeg")
    if _CONTROL.search(title):
        raise MetadataError(f"{rid}: de titel mag geen regeleinden of stuurtekens bevatten")
    if len(title) > MAX_TITLE:
        raise MetadataError(f"{rid}: de titel is langer dan {MAX_TITLE} tekens")
    if meta.year != 0 and not 1900 <= meta.year <= 2100:
        raise MetadataError(f"{rid}: jaar {meta.year} ligt niet tussen 1900 en 2100")
    if meta.kind not in KINDS:
        raise MetadataError(f"{rid}: soort '{meta.kind}' is onbekend (kies uit {', '.join(KINDS)})")
    date = meta.date.strip()
    if date and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
        raise MetadataError(f"{rid}: datum '{date}' is geen JJJJ, JJJJ-MM of JJJJ-MM-DD")
    return ReportMeta(title=title, year=int(meta.year), kind=meta.kind, date=date)


def read_metadata(corpus_dir: Path) -> dict[str, ReportMeta]:
    """All entries of reports.toml; {} when there is none. Raises MetadataError when it is invalid."""
    path = Path(corpus_dir) / METADATA_FILE
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    metas = _parse(text)
    _keep_last_good(Path(corpus_dir), text)
    return metas


def write_metadata(corpus_dir: Path, metas: dict[str, ReportMeta]) -> None:
    """Validate every entry, write the file aside, read it back, then swap it in atomically.

    Callers hold ``storage.corpus_lock`` for the read-modify-write.
    """
    doc = tomlkit.document()
    doc.add(tomlkit.comment(_HEADER.splitlines()[0][2:]))
    doc.add(tomlkit.comment(_HEADER.splitlines()[1][2:]))
    valid = {rid: validate(rid, meta) for rid, meta in sorted(metas.items())}
    for rid, m in valid.items():
        table = tomlkit.table()
        table.update({"title": m.title, "year": m.year, "kind": m.kind, "date": m.date})
        doc[rid] = table
    text = tomlkit.dumps(doc)
    if _parse(text) != valid:
        raise MetadataError("reports.toml: de nieuwe inhoud leest niet terug zoals bedoeld")
    _atomic_write(Path(corpus_dir) / METADATA_FILE, text)
    _keep_last_good(Path(corpus_dir), text)


def _parse(text: str) -> dict[str, ReportMeta]:
    try:
        doc = tomlkit.parse(text)
    except ParseError as exc:
        raise MetadataError(
            f"{METADATA_FILE} is ongeldig op regel {exc.line}, kolom {exc.col}: {_dutch(exc)}. "
            f"Herstel het bestand; de laatste goede versie staat ernaast in {LAST_GOOD_FILE}."
        ) from exc
    out: dict[str, ReportMeta] = {}
    for rid, value in doc.unwrap().items():
        if not isinstance(value, dict):
            raise MetadataError(f"{METADATA_FILE}, regel {_line_of(text, rid)}: '{rid}' is geen "
                                "tabel [rapport-id] met title, year, kind")
        try:
            meta = ReportMeta(title=str(value.get("title", rid)), year=int(value.get("year", 0)),
                              kind=str(value.get("kind", "rapport")), date=str(value.get("date", "")))
            out[rid] = validate(rid, meta)
        except (TypeError, ValueError) as exc:
            raise MetadataError(f"{METADATA_FILE}, regel {_line_of(text, rid)}: {exc}") from exc
    return out


def _line_of(text: str, rid: str) -> int:
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip().strip("[]").strip().strip('"') == rid:
            return n
    return 1


def _dutch(exc: ParseError) -> str:
    # tomlkit's messages are English and end with "at line L col C" (named separately).
    reason = re.sub(r"\s+at line \d+ col \d+$", "", str(exc))
    return f"onverwacht teken of onvolledige regel ({reason})"


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _keep_last_good(corpus_dir: Path, text: str) -> None:
    good = corpus_dir / LAST_GOOD_FILE
    try:
        if not good.exists() or good.read_text(encoding="utf-8") != text:
            _atomic_write(good, text)
    except OSError:  # a read-only corpus folder still reads
        pass
