"""Vectors of texts already embedded, kept on disk: a text's vector does not depend on the
question, so a report sentence is embedded once, not for every broad question that reads it.

One SQLite file per data dir (``<data_dir>/cache/vectors.sqlite``), keyed by the embedding
model's name and the text: several processes (the app, `g40 ask`, an eval run) share it, and
SQLite's own locking keeps their writes apart. A cache that cannot be read or written is
left aside: the texts are embedded as if it were not there.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)


class VectorCache:
    """Text vectors of one embedding model, read and written in batches."""

    def __init__(self, path: Path, model_name: str) -> None:
        self.path = path
        self.model_name = model_name
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._broken = False

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model_name}\0{text}".encode()).hexdigest()

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None and not self._broken:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
                db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB)")
                db.commit()
                self._db = db
            except (OSError, sqlite3.Error) as exc:
                self._give_up(exc)
        return self._db

    def _give_up(self, exc: Exception) -> None:
        log.warning("vector cache %s not used: %s", self.path, exc)
        self._broken = True
        self._db = None

    def get(self, texts: list[str]) -> dict[str, list[float]]:
        """The cached vectors of those ``texts`` that have one."""
        with self._lock:
            db = self._connect()
            if db is None or not texts:
                return {}
            keys = {self._key(t): t for t in texts}
            found: dict[str, list[float]] = {}
            try:
                items = list(keys)
                for i in range(0, len(items), 500):  # SQLite's limit on bound parameters
                    part = items[i : i + 500]
                    rows = db.execute(f"SELECT key, vec FROM vectors WHERE key IN "
                                      f"({','.join('?' * len(part))})", part).fetchall()
                    for key, blob in rows:
                        found[keys[key]] = np.frombuffer(blob, dtype=np.float32).tolist()
            except sqlite3.Error as exc:
                self._give_up(exc)
                return {}
            return found

    def put(self, vectors: dict[str, list[float]]) -> None:
        """Keep these vectors (a text already kept keeps its first vector)."""
        with self._lock:
            db = self._connect()
            if db is None or not vectors:
                return
            try:
                db.executemany("INSERT OR IGNORE INTO vectors (key, vec) VALUES (?, ?)",
                               [(self._key(t), np.asarray(v, dtype=np.float32).tobytes())
                                for t, v in vectors.items()])
                db.commit()
            except sqlite3.Error as exc:
                self._give_up(exc)
