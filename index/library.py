"""Adding, replacing, editing and removing reports: every change is undone when its build fails.

The one place where the corpus folder changes (the admin tab and `g40 reports` both call it).
Each change holds ``storage.corpus_lock`` from the first check to the live index: the new file
is validated aside, swapped in with the old one kept, the metadata written, the index built;
only when that index is live is the old file deleted. A failed step puts files and metadata
back, so the previous report keeps answering.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from config import Settings
from index.build import BuildSummary, Progress, build_locked
from ingest import IngestError, load_report
from storage import (
    BusyError,
    Change,
    CorpusFiles,
    MetadataError,
    ReportMeta,
    StorageError,
    acquire,
    corpus_lock,
    read_metadata,
    validate,
    write_metadata,
)
from storage.metadata import MAX_TITLE


class LibraryError(ValueError):
    """A change that was refused or undone; the message is Dutch and says why."""


@dataclass
class Outcome:
    message: str
    summary: BuildSummary


class Library:
    def __init__(self, settings: Settings, embed_model: Any = None, wait_s: float = 2.0):
        self.settings = settings
        self.files = CorpusFiles(settings.paths.corpus_dir, settings.paths.data_dir)
        self.embed_model = embed_model
        self.wait_s = wait_s

    def metadata(self) -> dict[str, ReportMeta]:
        return read_metadata(self.settings.paths.corpus_dir)

    def add(self, upload: Path, name: str, title: str = "", year: int = 0, kind: str = "",
            replace: bool = False, progress: Progress | None = None) -> Outcome:
        """Add a report file (or replace the one with the same id when ``replace``)."""
        with self._locked():
            name = self._check(lambda: self.files.check_name(name))
            rid = Path(name).stem
            existing = self.files.reports()
            if rid in existing and not replace:
                raise LibraryError(f"Er bestaat al een rapport '{rid}'. Kies 'vervangen' om het te "
                                   "vervangen, of geef het bestand een andere naam.")
            staged = self._check(lambda: self.files.stage(upload, name))
            try:
                given = ReportMeta(title.strip(), int(year), kind) if title.strip() and year else None
                probe = self._check(lambda: load_report(
                    staged, given, max_mb=self.settings.ingest.max_file_mb))
                for other_id, other in existing.items():
                    if other_id != rid and _same_bytes(other, staged):
                        raise LibraryError(f"Dit bestand staat er al in als '{other_id}'.")
                metas = self._read()
                inferred = probe.meta
                meta = self._check(lambda: validate(rid, ReportMeta(
                    title=title.strip() or inferred.title[:MAX_TITLE].strip(),
                    year=int(year or inferred.year), kind=kind or inferred.kind,
                    date=metas[rid].date if rid in metas else inferred.date)))
            except BaseException:
                shutil.rmtree(staged.parent, ignore_errors=True)
                raise
            change = self.files.put(staged)
            new_metas = {**metas, rid: meta}
            verb = "vervangen" if change.kept else "toegevoegd"
            summary = self._apply(change, metas, new_metas, progress, must_have=rid)
            return Outcome(f"Rapport '{rid}' {verb} ({len(probe.chunks)} passages).", summary)

    def edit(self, rid: str, title: str, year: int, kind: str,
             progress: Progress | None = None) -> Outcome:
        """Change a report's metadata; its text is not embedded again."""
        with self._locked():
            if rid not in self.files.reports():
                raise LibraryError(f"Er is geen rapport '{rid}'.")
            metas = self._read()
            date = metas[rid].date if rid in metas else ""
            meta = self._check(lambda: validate(rid, ReportMeta(title, int(year or 0), kind, date)))
            summary = self._apply(Change(), metas, {**metas, rid: meta}, progress, must_have=rid)
            return Outcome(f"Gegevens van '{rid}' bijgewerkt.", summary)

    def remove(self, rid: str, progress: Progress | None = None) -> Outcome:
        with self._locked():
            metas = self._read()
            change = self._check(lambda: self.files.remove(rid))
            rest = {k: v for k, v in metas.items() if k != rid}
            summary = self._apply(change, metas, rest, progress, must_have=None)
            return Outcome(f"Rapport '{rid}' verwijderd.", summary)

    def update(self, rebuild: bool = False, progress: Progress | None = None) -> BuildSummary:
        with self._locked():
            return self._check(lambda: build_locked(self.settings, rebuild, progress, self.embed_model))

    def _apply(self, change: Change, old: dict[str, ReportMeta], new: dict[str, ReportMeta],
               progress: Progress | None, must_have: str | None) -> BuildSummary:
        """Write the metadata and build; on any failure put files and metadata back."""
        try:
            write_metadata(self.settings.paths.corpus_dir, new)
            summary = build_locked(self.settings, False, progress, self.embed_model)
            if must_have is not None and must_have not in _indexed(summary):
                problems = "; ".join(summary.errors) or "onbekende fout"
                raise LibraryError(f"De index kon het rapport niet opnemen ({problems}); "
                                   "de vorige toestand is teruggezet.")
        except BaseException as exc:
            self.files.undo(change)
            write_metadata(self.settings.paths.corpus_dir, old)
            if isinstance(exc, LibraryError):  # a new state without the report was published
                build_locked(self.settings, False, None, self.embed_model)
                raise
            raise LibraryError(f"Bijwerken mislukt ({exc}); de vorige toestand is teruggezet.") from exc
        self.files.commit(change)
        return summary

    def _read(self) -> dict[str, ReportMeta]:
        return self._check(lambda: read_metadata(self.settings.paths.corpus_dir))

    def _check(self, fn: Callable[[], Any]) -> Any:
        """Run a step; turn the errors a user can act on into LibraryError."""
        try:
            return fn()
        except (IngestError, MetadataError, StorageError) as exc:
            raise LibraryError(str(exc)) from exc

    @contextmanager
    def _locked(self) -> Iterator[None]:
        lock = corpus_lock(self.settings.paths.data_dir)
        try:
            acquire(lock, self.wait_s)
        except BusyError as exc:
            raise LibraryError(str(exc)) from exc
        try:
            yield
        finally:
            lock.release()


def _indexed(summary: BuildSummary) -> set[str]:
    return set(summary.added + summary.changed + summary.unchanged + summary.relabelled)


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False
