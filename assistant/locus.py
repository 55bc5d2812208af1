"""Where the conversation is: the report sentence the last answer was built from.

A report tells one event in consecutive sentences ("... aangeboden aan minister Adriaansens.
Wethouder Yvonne Salvino en Denis Cromptvoets ... waren erbij."), so a follow-up that goes on
about it ("Wie waren daar namens de G40 bij?", "Wie sprak daar in onze pijler?") is mostly
answered next to the sentence the last answer came from. Searched by its own words, such a
follow-up finds the same words at another event ("In onze pijler sprak Otto Raspe" of another
network day), and the small model, which cannot know what "daar" is, takes those.

The last answer is plain text (the chat history carries no citations), so its sentence is
found back: the report sentence that covers most of the answer's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from assistant.evidence import EvidenceItem, around, paragraph_span, units
from assistant.query import Query, clean_history, resolve_years
from assistant.textmatch import Idf
from config import AssistantSettings
from index import Passage, named_years

if TYPE_CHECKING:
    from index import Retriever

_MARK = re.compile(r"\[\d+\]")
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')


@dataclass(frozen=True)
class Locus:
    """The report sentence an answer was built from, in the passage it was found in."""

    passage: Passage
    start: int
    end: int

    @property
    def sentence(self) -> str:
        return self.passage.text[self.start - self.passage.start : self.end - self.passage.start]

    def years(self) -> set[int]:
        return {self.passage.year} | named_years(self.sentence)


def last_answer(history: list[dict[str, str]]) -> str:
    """The assistant's last answer of a conversation, without its citation marks."""
    said = [m["content"] for m in clean_history(history) if m["role"] == "assistant"]
    return _MARK.sub(" ", said[-1]) if said else ""


def told(history: list[dict[str, str]], question: str) -> str:
    """What the conversation has said so far: the questions, and the answers without the
    report sentences they quote (a quoted sentence was shown, not said: the follow-up may ask
    about what else it holds)."""
    said = [_QUOTED.sub(" ", m["content"]) if m["role"] == "assistant" else m["content"]
            for m in clean_history(history)]
    return " ".join([*said, question])


def find_locus(answer: str, passages: list[Passage], idf: Idf, min_share: float) -> Locus | None:
    """The sentence of ``passages`` that holds the largest share of the answer's words (by
    idf weight), when that share is at least ``min_share``. An answer of many sentences (a
    list, bullets) has no one sentence that holds most of it: it gets none."""
    best: tuple[float, Locus] | None = None
    for p in passages:  # best-ranked first: on a tie the better-ranked passage
        for s, e, _ in units(p.text, p.start):
            share = idf.coverage(answer, p.text[s - p.start : e - p.start])
            if best is None or share > best[0]:
                best = (share, Locus(p, s, e))
    return best[1] if best is not None and best[0] >= min_share else None


def locus_window(question: str, locus: Locus, report_text: str, idf: Idf,
                 max_chars: int) -> EvidenceItem | None:
    """The window of sentences around the locus that covers most of the follow-up's words;
    it may reach past the passage (a chunk can end right after the locus), never past the
    paragraph."""
    lo, hi = paragraph_span(report_text, locus.start, locus.end, max_chars)
    wide = replace(locus.passage, text=report_text[lo:hi], start=lo, end=hi)
    return around(question, wide, locus.start, locus.end, idf, max_chars)


def locus_evidence(query: Query, history: list[dict[str, str]], evidence: list[EvidenceItem],
                   retriever: Retriever, idf: Idf, rules: AssistantSettings,
                   years: set[int] | None = None,
                   sources: set[str] | None = None) -> EvidenceItem | None:
    """The window around the locus of a follow-up's conversation, when there is one, the
    follow-up names no year other than the locus's (``years`` and ``sources``: the user's
    filters, which the locus obeys too), and the window holds the typed follow-up's
    words as well as the best window of its own ``evidence`` does (else the answer is likely
    elsewhere: "Wat was het hoofdthema van de tweede dag?" after the guests of the first)."""
    last = last_answer(history)
    if not last:
        return None
    found = find_locus(last, retriever.retrieve(last, years=years, sources=sources, dense=False),
                       idf, rules.locus_share)
    # The follow-up's own years, "het jaar erna" counted from the conversation's.
    users = [m["content"] for m in clean_history(history) if m["role"] == "user"]
    if found is None or named_years(resolve_years(query.text, users)) - found.years():
        return None
    window = locus_window(query.model, found, retriever.report_text(found.passage.source), idf,
                          rules.evidence_chars)
    own = max((idf.coverage(query.text, e.text) for e in evidence), default=0.0)
    return window if window and idf.coverage(query.text, window.text) >= own else None
