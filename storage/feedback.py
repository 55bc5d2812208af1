"""Thumbs up/down with question, answer, citations, settings and time, in SQLite."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

_SCHEMA = """CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    rating INTEGER NOT NULL,          -- 1 = duim omhoog, -1 = duim omlaag, 0 = alleen opmerking
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    answered INTEGER NOT NULL,
    citations TEXT NOT NULL,          -- JSON
    settings TEXT NOT NULL            -- JSON, without secrets
)"""
COLUMNS = ["id", "created", "rating", "comment", "question", "answer", "answered", "citations", "settings"]


class FeedbackStore:
    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / "feedback.sqlite3"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._conn() as db:
            db.execute(_SCHEMA)

    def _conn(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def add(self, rating: int, question: str, answer: str, answered: bool,
            citations: list[dict[str, Any]], settings: dict[str, Any], comment: str = "") -> int:
        with self._conn() as db:
            cur = db.execute(
                "INSERT INTO feedback (created, rating, comment, question, answer, answered, citations, settings)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (time.strftime("%Y-%m-%dT%H:%M:%S"), rating, comment[:2000], question, answer,
                 int(answered), json.dumps(citations, ensure_ascii=False),
                 json.dumps(settings, ensure_ascii=False)))
            return int(cur.lastrowid or 0)

    def rows(self) -> list[dict[str, Any]]:
        with self._conn() as db:
            db.row_factory = sqlite3.Row
            return [dict(r) for r in db.execute("SELECT * FROM feedback ORDER BY id")]

    def export(self, fmt: str = "csv") -> str:
        rows = self.rows()
        if fmt == "json":
            for r in rows:
                r["citations"] = json.loads(r["citations"])
                r["settings"] = json.loads(r["settings"])
            return json.dumps(rows, ensure_ascii=False, indent=1)
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue()
