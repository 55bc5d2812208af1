"""The one lock over the corpus folder, its metadata and the index.

Held while the index is built and while a report or its metadata is added, replaced, edited or
removed, so a read-modify-write of ``reports.toml`` never interleaves with another one or with a
build. One instance per path in a process (re-entrant in the same thread), a real OS lock
between processes (the CLI and the app may run at the same time).
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

LOCK_FILE = Path("index") / ".lock"


class BusyError(RuntimeError):
    """Another process or request is changing the corpus or building the index."""


def corpus_lock(data_dir: Path) -> FileLock:
    path = Path(data_dir) / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(path), is_singleton=True)


def acquire(lock: FileLock, wait_s: float) -> None:
    """Take the lock or raise BusyError with a Dutch message."""
    try:
        lock.acquire(timeout=wait_s)
    except Timeout as exc:
        raise BusyError(
            "Er loopt al een indexering of wijziging van de rapporten; probeer het straks opnieuw."
        ) from exc
