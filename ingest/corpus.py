"""A corpus folder (report files plus reports.toml, kept by ``storage``) turned into cleaned reports."""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ingest.chunk import Chunk, chunk_doc
from ingest.clean import CleanDoc, clean
from ingest.readers import SUPPORTED, IngestError, read_text
from storage import KINDS, METADATA_FILE, ReportMeta, corpus_files, read_metadata, report_id_for

log = logging.getLogger(__name__)


@dataclass
class Report:
    id: str
    path: Path
    sha256: str
    meta: ReportMeta
    doc: CleanDoc
    chunks: list[Chunk] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.doc.text


@dataclass
class CorpusLoad:
    reports: list[Report]
    errors: list[str]
    warnings: list[str]


def infer_metadata(report_id: str, doc: CleanDoc) -> ReportMeta:
    """Title from the first heading or line, year from the title or the most frequent year."""
    first = doc.headings[0] if doc.headings else doc.text.split("\n", 1)[0][:100]
    years = [int(y) for y in re.findall(r"\b(20[0-4]\d|19[89]\d)\b", first)]
    if not years:
        counts = Counter(int(y) for y in re.findall(r"\b(20[0-4]\d)\b", doc.text))
        years = [counts.most_common(1)[0][0]] if counts else []
    if not years:
        years = [int(y) for y in re.findall(r"(20[0-4]\d)", report_id)] or [0]
    lowered = report_id.lower() + " " + first.lower()
    kind = next((k for k in KINDS if k.replace(" ", "") in lowered.replace(" ", "")), "rapport")
    return ReportMeta(title=first.strip() or report_id, year=years[0], kind=kind, inferred=True)


def load_report(path: Path, meta: ReportMeta | None, chunk_chars: int = 700, overlap: int = 1,
                max_mb: float = 20.0) -> Report:
    """Read, clean and chunk one report file. Raises IngestError with a Dutch message."""
    raw = read_text(path, max_mb=max_mb)
    doc = clean(raw)
    if len(doc.text) < 20:
        raise IngestError(f"{path.name}: bevat (vrijwel) geen tekst")
    rid = report_id_for(path)
    meta = meta or infer_metadata(rid, doc)
    report = Report(rid, path, hashlib.sha256(path.read_bytes()).hexdigest(), meta, doc)
    report.chunks = chunk_doc(doc, rid, meta.title, meta.year, meta.kind, chunk_chars, overlap)
    return report


def load_corpus(corpus_dir: Path, chunk_chars: int = 700, overlap: int = 1,
                max_mb: float = 20.0) -> CorpusLoad:
    """All readable reports of a folder; unreadable files end up in ``errors``, never raise."""
    metas = read_metadata(corpus_dir)
    reports: list[Report] = []
    errors: list[str] = []
    warnings: list[str] = []
    seen: dict[str, Path] = {}
    for path in corpus_files(corpus_dir):
        if path.suffix.lower() not in SUPPORTED:
            warnings.append(f"{path.name}: overgeslagen, bestandstype wordt niet ondersteund")
            continue
        rid = report_id_for(path)
        if rid in seen:
            errors.append(f"{path.name}: zelfde rapport-id '{rid}' als {seen[rid].name}; overgeslagen")
            continue
        try:
            report = load_report(path, metas.get(rid), chunk_chars, overlap, max_mb)
        except IngestError as exc:
            errors.append(str(exc))
            continue
        if report.meta.inferred:
            warnings.append(
                f"{path.name}: geen metadata in {METADATA_FILE}; afgeleid: "
                f"titel '{report.meta.title}', jaar {report.meta.year}, soort {report.meta.kind}"
            )
        seen[rid] = path
        reports.append(report)
    for msg in warnings:
        log.warning(msg)
    for msg in errors:
        log.error(msg)
    return CorpusLoad(reports, errors, warnings)
