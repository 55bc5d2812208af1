"""Results and stream events of the assistant; ``Answer.to_dict`` is the `g40 ask --json` contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from index import Passage


@dataclass
class Citation:
    """A cited passage, numbered in order of first appearance in the answer."""

    n: int
    source: str
    title: str
    year: int
    section: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Answer:
    question: str
    standalone_question: str
    answer: str
    answered: bool
    citations: list[Citation]
    passages: list[Passage]
    timings: dict[str, float]
    llm: str
    flagged: list[str] = field(default_factory=list)  # sentences dropped as unsupported
    language: str = "nl"
    kind: str = "fact"  # "overview": answered as a broad question (bullets of report sentences)
    corrections: dict[str, str] = field(default_factory=dict)  # typos corrected: typed -> read as

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "standalone_question": self.standalone_question,
            "answer": self.answer,
            "answered": self.answered,
            "citations": [c.to_dict() for c in self.citations],
            "passages": [p.to_dict() for p in self.passages],
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "llm": self.llm,
            "flagged": self.flagged,
            "kind": self.kind,
            "corrections": self.corrections,
        }


@dataclass
class Evidence:
    """First event: the retrieved passages (shown before the answer is ready)."""

    standalone_question: str
    passages: list[Passage]


@dataclass
class Waiting:
    """The model is busy with other questions: this one's place in line and an estimate."""

    ahead: int
    estimate_s: float


@dataclass
class Token:
    """An answer token as the model writes it (citations not yet checked)."""

    text: str


@dataclass
class Final:
    """Last event: the checked answer with renumbered citations."""

    answer: Answer


Event = Evidence | Waiting | Token | Final
