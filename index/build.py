"""Incremental, crash-safe (re)indexing of the corpus folder: `g40 index`."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from config import Settings
from index.state import (
    IndexMissingError,
    current_name,
    embed_model_name,
    index_root,
    load_state,
    new_state_dir,
    prune,
    publish,
    write_state_files,
)
from ingest import Chunk, Report, load_corpus
from storage import BusyError, acquire, corpus_lock

if TYPE_CHECKING:
    from llama_index.core.schema import TextNode

    from index.embedder import Embedder

Progress = Callable[[str, int, int], None]  # (phase, done, total)


IndexBusyError = BusyError  # another process is building the index or changing the corpus


@dataclass
class BuildSummary:
    reports: int = 0
    chunks: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    relabelled: list[str] = field(default_factory=list)  # only metadata changed: vectors reused
    embedded_chunks: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    state: str | None = None

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.relabelled)

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def _content_fingerprint(report: Report, settings: Settings) -> str:
    """Changes when the report's file, chunking or embedding model change: then it is embedded."""
    parts = [report.sha256, str(settings.ingest.chunk_chars),
             str(settings.ingest.chunk_overlap_sentences), embed_model_name(settings)]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def _fingerprint(report: Report, settings: Settings) -> str:
    """Changes also when only the metadata changes: then its vectors are reused, relabelled."""
    parts = [_content_fingerprint(report, settings), report.meta.title, str(report.meta.year),
             report.meta.kind, report.meta.date]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def build_index(
    settings: Settings,
    rebuild: bool = False,
    wait_s: float = 0.0,
    progress: Progress | None = None,
    embed_model: Embedder | None = None,
) -> BuildSummary:
    """Bring the index in line with the corpus folder; returns what was done.

    Only new and changed reports are embedded; unchanged ones are copied with their vectors.
    Raises IndexBusyError when another build or corpus change holds the lock longer than
    ``wait_s``; a corrupt reports.toml raises storage.MetadataError and leaves the index as is.
    """
    lock = corpus_lock(settings.paths.data_dir)
    acquire(lock, wait_s)
    try:
        return build_locked(settings, rebuild, progress, embed_model)
    finally:
        lock.release()


def build_locked(settings: Settings, rebuild: bool = False, progress: Progress | None = None,
                 embed_model: Embedder | None = None) -> BuildSummary:
    """``build_index`` for a caller that already holds ``storage.corpus_lock``."""
    t0 = time.perf_counter()
    summary = _build(settings, rebuild, progress, embed_model)
    summary.seconds = round(time.perf_counter() - t0, 2)
    return summary


def _build(settings: Settings, rebuild: bool, progress: Progress | None,
           embed_model: Embedder | None) -> BuildSummary:
    root = index_root(settings.paths.data_dir)
    root.mkdir(parents=True, exist_ok=True)
    old_name = current_name(root)
    prune(root, settings.index.keep_states, protect={old_name} if old_name else set())

    loaded = load_corpus(settings.paths.corpus_dir, settings.ingest.chunk_chars,
                         settings.ingest.chunk_overlap_sentences, settings.ingest.max_file_mb)
    summary = BuildSummary(errors=loaded.errors, warnings=loaded.warnings)
    try:
        old = load_state(root, old_name) if old_name else None
    except (IndexMissingError, OSError, json.JSONDecodeError):
        old = None
    old_reports = old.reports if old and not rebuild else {}

    fingerprints = {r.id: _fingerprint(r, settings) for r in loaded.reports}
    contents = {r.id: _content_fingerprint(r, settings) for r in loaded.reports}
    for r in loaded.reports:
        prev = old_reports.get(r.id)
        if prev is None:
            summary.added.append(r.id)
        elif prev["fingerprint"] == fingerprints[r.id]:
            summary.unchanged.append(r.id)
        elif prev.get("content") == contents[r.id]:
            summary.relabelled.append(r.id)
        else:
            summary.changed.append(r.id)
    summary.removed = sorted(set(old_reports) - set(fingerprints))
    summary.reports = len(loaded.reports)
    summary.chunks = sum(len(r.chunks) for r in loaded.reports)
    if old is not None and not rebuild and not summary.changed_anything:
        summary.state = old.name
        return summary

    # Only now the heavy libraries: a build with nothing to do never imports them.
    from index.bm25 import BM25Index
    from index.chroma import chroma_client, drop_collection, vector_store
    from index.embed import get_embed_model

    name, path = new_state_dir(root)
    client = chroma_client(settings, path)
    collection_name = f"g40-{name}"
    try:
        store = vector_store(client, collection_name)
        # Same text, same chunk ids: the vectors are copied; the chunks carry the new metadata.
        reuse = set(summary.unchanged) | set(summary.relabelled)
        unchanged = [r for r in loaded.reports if r.id in reuse]
        fresh = [r for r in loaded.reports if r.id not in reuse]
        if old is not None and unchanged:
            _copy_vectors(settings, old.path, old.collection_name, store,
                          [c for r in unchanged for c in r.chunks], progress)
        todo = [c for r in fresh for c in r.chunks]
        if todo:
            _embed_into(store, todo, embed_model or get_embed_model(settings),
                        settings.index.embed_batch_size, progress)
        summary.embedded_chunks = len(todo)

        all_chunks = [c for r in loaded.reports for c in r.chunks]
        BM25Index.build([c.id for c in all_chunks], [c.search_text for c in all_chunks]).save(
            path / "bm25"
        )
        now = time.strftime("%Y-%m-%dT%H:%M:%S")
        manifest = {
            "embed_model": embed_model_name(settings),
            "created": now,
            "reports": {
                r.id: {
                    "fingerprint": fingerprints[r.id],
                    "content": contents[r.id],
                    "sha256": r.sha256,
                    "file": r.path.name,
                    "title": r.meta.title,
                    "year": r.meta.year,
                    "kind": r.meta.kind,
                    "date": r.meta.date,
                    "chunks": len(r.chunks),
                    "indexed_at": (
                        old_reports[r.id]["indexed_at"] if r.id in summary.unchanged else now
                    ),
                }
                for r in loaded.reports
            },
        }
        write_state_files(path, manifest, all_chunks, {r.id: r.text for r in loaded.reports})
    except BaseException:
        drop_collection(client, collection_name)
        raise
    publish(root, name)
    summary.state = name
    removed = prune(root, settings.index.keep_states, protect={name})
    if settings.index.chroma_host:
        for gone in removed:
            drop_collection(client, f"g40-{gone}")
    return summary


def _embed_into(store: Any, chunks: list[Chunk], model: Embedder, batch: int,
                progress: Progress | None) -> None:
    for i in range(0, len(chunks), batch):
        part = chunks[i : i + batch]
        vectors = model.get_text_embedding_batch([c.search_text for c in part])
        store.add([_node(c, v) for c, v in zip(part, vectors, strict=True)])
        if progress:
            progress("embed", min(i + batch, len(chunks)), len(chunks))


def _copy_vectors(settings: Settings, old_path: Any, old_collection: str, store: Any,
                  chunks: list[Chunk], progress: Progress | None) -> None:
    """Reuse stored vectors of unchanged reports, so they are never embedded again."""
    from index.chroma import chroma_client

    old_client = chroma_client(settings, old_path)
    col = old_client.get_collection(old_collection)
    for i in range(0, len(chunks), 500):
        part = chunks[i : i + 500]
        got = col.get(ids=[c.id for c in part], include=["embeddings"])
        vectors = dict(zip(got["ids"], got["embeddings"], strict=True))
        store.add([_node(c, list(vectors[c.id])) for c in part])
        if progress:
            progress("copy", min(i + 500, len(chunks)), len(chunks))


def _node(c: Chunk, vector: list[float]) -> TextNode:
    from llama_index.core.schema import TextNode

    return TextNode(
        id_=c.id,
        text=c.text,
        embedding=[float(x) for x in vector],
        metadata={"source": c.report_id, "year": c.year, "kind": c.kind, "section": c.section,
                  "title": c.title, "start": c.start, "end": c.end},
    )
