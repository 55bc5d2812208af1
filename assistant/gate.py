"""First come, first served access to the one LLM, with each waiter's place and an estimate.

A ticket is taken on arrival; the ticket at the head of the line may use the model. Leaving
(done, cancelled, or a closed browser tab that closes the stream) frees the place at once, from
any thread: the line belongs to nobody, so the background cache restore can hold a place too.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque


class LLMGate:
    def __init__(self, typical_s: float = 8.0, smoothing: float = 0.3):
        self._cond = threading.Condition()
        self._line: deque[int] = deque()
        self._ids = itertools.count(1)
        self._entered: dict[int, float] = {}
        self._internal: set[int] = set()
        self._typical_s = typical_s
        self._smoothing = smoothing

    def join(self, internal: bool = False) -> int:
        """A place at the end of the line. An internal turn (the short cache restore) is not
        counted as a question ahead of anyone, nor in the estimate."""
        with self._cond:
            ticket = next(self._ids)
            self._line.append(ticket)
            if internal:
                self._internal.add(ticket)
            return ticket

    def enter(self, ticket: int, timeout: float) -> bool:
        """Wait up to ``timeout`` s for the ticket's turn; True once it may use the model."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not (self._line and self._line[0] == ticket):
                left = deadline - time.monotonic()
                if left <= 0 or ticket not in self._line:
                    return False
                self._cond.wait(left)
            self._entered.setdefault(ticket, time.monotonic())
            return True

    def leave(self, ticket: int) -> None:
        with self._cond:
            started = self._entered.pop(ticket, None)
            internal = ticket in self._internal
            self._internal.discard(ticket)
            if started is not None and not internal:  # learn how long a turn takes, for estimates
                took = time.monotonic() - started
                self._typical_s += self._smoothing * (took - self._typical_s)
            if ticket in self._line:
                self._line.remove(ticket)
            self._cond.notify_all()

    def ahead(self, ticket: int) -> int:
        """How many questions are before this one (the one using the model included)."""
        with self._cond:
            if ticket not in self._line:
                return 0
            before = list(self._line)[: self._line.index(ticket)]
            return sum(1 for t in before if t not in self._internal)

    def estimate_s(self, ticket: int) -> float:
        return self.ahead(ticket) * self._typical_s

    def hold(self, ticket: int | None = None) -> _Held:
        """Context manager for a caller that can simply wait (no place to report)."""
        return _Held(self, self.join() if ticket is None else ticket)


class _Held:
    def __init__(self, gate: LLMGate, ticket: int):
        self.gate, self.ticket = gate, ticket

    def __enter__(self) -> int:
        while not self.gate.enter(self.ticket, 3600):
            pass
        return self.ticket

    def __exit__(self, *exc: object) -> None:
        self.gate.leave(self.ticket)
