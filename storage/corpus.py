"""The report files of the corpus folder: names, ids, and changes that can be undone.

A new or replacing file is first written aside (``<data_dir>/incoming``); files that are
replaced or removed are moved to ``<data_dir>/replaced`` and only deleted once the index built
without them is live, so a failed build can put everything back.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from storage.metadata import LAST_GOOD_FILE, METADATA_FILE

REPORT_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")
# Ids that would collide with the folder's own files: the metadata file shares its stem.
RESERVED_IDS = frozenset({Path(METADATA_FILE).stem, Path(LAST_GOOD_FILE).stem.lstrip(".")})


class StorageError(ValueError):
    """A file name or change the corpus folder cannot take; the message is Dutch."""


def report_id_for(path: Path) -> str:
    """The report id is the file stem, made safe for ids and URLs."""
    stem = re.sub(r"[^\w.-]+", "-", path.stem.strip().lower(), flags=re.UNICODE).strip("-.")
    return stem or "rapport"


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every file of the folder that may be a report (not metadata, hidden or temporary files)."""
    return sorted(
        p for p in Path(corpus_dir).iterdir()
        if p.is_file() and not p.name.startswith(".") and p.name != METADATA_FILE
        and not p.name.endswith(".tmp")
    )


@dataclass
class Change:
    """Files moved out of the corpus by one change, and the file it put in (if any)."""

    put: Path | None = None
    kept: list[tuple[Path, Path]] = field(default_factory=list)  # (kept copy, original place)


class CorpusFiles:
    def __init__(self, corpus_dir: Path, data_dir: Path):
        self.dir = Path(corpus_dir)
        self.incoming = Path(data_dir) / "incoming"
        self.replaced = Path(data_dir) / "replaced"

    def reports(self) -> dict[str, Path]:
        """Report id -> file, for the files of a supported type."""
        return {report_id_for(p): p for p in corpus_files(self.dir)
                if p.suffix.lower() in REPORT_SUFFIXES}

    def check_name(self, name: str) -> str:
        """A plain file name for the corpus folder; raises StorageError for anything else."""
        base = Path(name.replace("\\", "/")).name
        suffix = Path(base).suffix.lower()
        if suffix not in REPORT_SUFFIXES:
            raise StorageError(f"{base}: bestandstype {suffix or '(geen)'} wordt niet ondersteund "
                               f"({', '.join(REPORT_SUFFIXES)})")
        rid = report_id_for(Path(base))
        if rid in RESERVED_IDS or base.startswith("."):
            raise StorageError(f"{base}: deze naam is gereserveerd voor de metadata van de map; "
                               "geef het bestand een andere naam")
        return rid + suffix

    def stage(self, source: Path, name: str) -> Path:
        """Copy an upload aside under its final name, for validation before it goes in."""
        folder = self.incoming / uuid.uuid4().hex[:12]
        folder.mkdir(parents=True)
        target = folder / self.check_name(name)
        shutil.copyfile(source, target)
        return target

    def put(self, staged: Path) -> Change:
        """Move a staged file in; a file of the same report id is kept aside, not deleted."""
        rid = report_id_for(staged)
        change = self._take_out(rid)
        target = self.dir / staged.name
        shutil.move(str(staged), target)  # a rename when both are on one file system
        change.put = target
        _remove_empty(staged.parent)
        return change

    def remove(self, rid: str) -> Change:
        change = self._take_out(rid)
        if not change.kept:
            raise StorageError(f"Er is geen rapport '{rid}'.")
        return change

    def undo(self, change: Change) -> None:
        """Put the corpus back as it was before the change."""
        if change.put is not None:
            change.put.unlink(missing_ok=True)
        for kept, original in change.kept:
            shutil.move(str(kept), original)
            _remove_empty(kept.parent)

    def commit(self, change: Change) -> None:
        """The index built after the change is live: the kept files may go."""
        for kept, _ in change.kept:
            kept.unlink(missing_ok=True)
            _remove_empty(kept.parent)

    def _take_out(self, rid: str) -> Change:
        change = Change()
        current = [p for p in corpus_files(self.dir) if report_id_for(p) == rid
                   and p.suffix.lower() in REPORT_SUFFIXES]
        if current:
            folder = self.replaced / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
            folder.mkdir(parents=True)
            for p in current:
                kept = folder / p.name
                shutil.move(str(p), kept)
                change.kept.append((kept, p))
        return change


def _remove_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()
