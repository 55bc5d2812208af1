"""Answers to repeated questions, at once and with the same citations.

Keyed by the normalised question, the conversation before it, the filters, the settings and the
index state: a new index state empties the cache, so an answer never outlives its passages.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import Any

from assistant.types import Answer


class AnswerCache:
    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[str, Answer] = OrderedDict()
        self._state: str | None = None
        self._lock = threading.Lock()

    @staticmethod
    def key(question: str, history: list[dict[str, str]], years: set[int] | None,
            sources: set[str] | None, settings: dict[str, Any]) -> str:
        parts = {"q": " ".join(question.lower().split()).rstrip("?!. "),
                 "h": [(m.get("role"), " ".join(str(m.get("content", "")).split())) for m in history],
                 "y": sorted(years or []), "s": sorted(sources or []), "settings": settings}
        return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()

    def get(self, key: str, state: str) -> Answer | None:
        with self._lock:
            self._check_state(state)
            answer = self._items.get(key)
            if answer is not None:
                self._items.move_to_end(key)
            return answer

    def put(self, key: str, state: str, answer: Answer) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._check_state(state)
            self._items[key] = answer
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def _check_state(self, state: str) -> None:
        if state != self._state:
            self._items.clear()
            self._state = state
