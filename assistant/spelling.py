"""Typos in a question corrected to the reports' own words ("voorziter pijler" -> "voorzitter").

A word is taken for a typo when neither the reports nor a Dutch or English word list knows it
(pyspellchecker's frequency lists); it becomes the report word the fewest edits away (optimal
string alignment, so a swapped pair of letters is one edit: "sympsoium"), the more frequent one
on a tie. A real word the reports do not use ("burgemeester") stays as typed: that word is what
makes a question unanswerable, and a guess would answer another question.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

# Letters with an apostrophe inside ("regio's") count as one word; digits never are typos.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@lru_cache(maxsize=1)
def _dictionaries() -> tuple[object, ...]:
    from spellchecker import SpellChecker  # its word lists load in ~1 s: only when needed

    return SpellChecker(language="nl"), SpellChecker(language="en")


def load_word_lists() -> None:
    """Read the word lists now (a warm-up), not at the first likely typo."""
    _dictionaries()


def is_known_word(word: str) -> bool:
    """In the Dutch or English word list (lower case)."""
    return any(word in d for d in _dictionaries())  # type: ignore[operator]


@dataclass
class Spelled:
    """The question with its typos corrected, and what was changed (typed -> corrected)."""

    text: str
    fixes: dict[str, str] = field(default_factory=dict)


class Speller:
    """Corrects a question's unknown words to the closest word of the reports."""

    def __init__(self, texts: Iterable[str], min_length: int = 4, long_word: int = 8):
        forms = Counter(w.lower() for t in texts for w in _WORD.findall(t))
        self.counts: Counter[str] = Counter()
        self._surface: dict[str, str] = {}  # as the reports write it: "regio’s", not "regio's"
        for form, n in forms.most_common():
            self.counts[_norm(form)] += n
            self._surface.setdefault(_norm(form), form)
        self._words = list(self.counts)
        self.min_length = min_length  # shorter words are too often abbreviations ("bnd")
        self.long_word = long_word  # from this length on, two edits may be corrected

    def correct(self, text: str) -> Spelled:
        fixes: dict[str, str] = {}

        def fix(m: re.Match[str]) -> str:
            word = m.group()
            low = _norm(word)
            if len(low) < self.min_length or low in self.counts:
                return word
            # A capital inside the sentence is a name: one edit at most ("Cromptvoets"),
            # a name two edits away is more likely another person.
            name = word[:1].isupper() and m.start() > 0
            edits = 1 if name or len(low) < self.long_word else 2
            hits = process.extract(low, self._words, scorer=OSA.distance, score_cutoff=edits,
                                   limit=None)
            # The word lists last: most questions have no word near a report word they lack,
            # and then the lists (~1 s to load) are never read.
            if not hits or is_known_word(low):
                return word
            best = self._surface[min(hits, key=lambda h: (h[1], -self.counts[h[0]], h[0]))[0]]
            if word[:1].isupper():
                best = best[:1].upper() + best[1:]
            fixes[word] = best
            return best

        corrected = _WORD.sub(fix, text)
        return Spelled(corrected, fixes)


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")
