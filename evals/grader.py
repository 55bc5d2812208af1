"""The independent grader: does each claim of an answer stand in the passage it cites?

It shares no code with the assistant. A claim is a sentence or bullet of the answer; its
citations are the [n] marks in it. A claim is supported when one cited passage holds a
*unit* (one sentence, or two adjacent ones for a claim that joins them) that

1. names every number and name the claim states (those of the question excepted: restating
   the question is not a claim), with every number standing in a sentence that names what
   the claim names or nothing else, so that "group A met 6 times" is not supported by
   "A met monthly. B met 6 times." (a list citing several passages may gather its names
   and numbers from all of them);
2. says the same: the embedding model's similarity between claim and unit is at least
   ``min_similarity``, or at least ``min_overlap`` of the content stems the claim adds to the
   question occur in it
   (the lexical test alone would pass a claim that copies the words of another sentence
   beside it, so names and numbers are checked first).

Uncited sentences that state a number or name the question did not contain are claims too
(unsupported); other uncited sentences (a lead-in "De verslagen noemen:", a refusal of one
ask) are framing and not graded, and so is an uncited lead-in that ends in a colon whatever it
names ("The reports say (in Dutch):"); the first word of a quoted sentence is a sentence's first
word, no name ('Op de vraag "Hoeveel ..." geven ...').

An LLM judge (``evals.judge``) can replace step 2 when a stronger model is configured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from evals.text import content_stems, fold, names, numbers, sentences, strip_citations

Similarity = Callable[[str, str], float]
# Decides step 2 for a (claim, unit) pair when set: an LLM judge.
Judge = Callable[[str, str], bool]


@dataclass
class Claim:
    text: str
    cited: list[int]


@dataclass
class Verdict:
    claim: Claim
    supported: bool
    reason: str
    unit: str = ""


@dataclass
class Grader:
    """Grades claims against cited passages; ``similarity`` from the embedding model."""

    similarity: Similarity | None = None
    judge: Judge | None = None
    min_similarity: float = 0.72
    min_overlap: float = 0.5
    lang: str = "nl"
    _units: dict[str, list[list[str]]] = field(default_factory=dict, repr=False)

    def claims(self, answer: str, question: str = "") -> list[Claim]:
        """The claims of an answer: each line's sentences, with their citations."""
        asked_numbers, asked_names = numbers(question), names(question)
        out = []
        for line in answer.splitlines():
            line = line.strip().lstrip("-*•").strip()
            parts: list[str] = []
            for sentence in sentences(line, self.lang):
                # "... toekomst. [2]": a citation after the full stop belongs to that sentence.
                if parts and not strip_citations(sentence)[0]:
                    parts[-1] += " " + sentence
                else:
                    parts.append(sentence)
            for sentence in parts:
                text, cited = strip_citations(sentence)
                if len(text) < 4:
                    continue
                new_facts = (numbers(text) - asked_numbers) or (names(text) - asked_names)
                # A line that ends in a colon leads in to what follows ("The reports say (in
                # Dutch):"); what follows carries the claims.
                lead_in = not cited and text.endswith(":")
                if cited or (new_facts and not lead_in):
                    out.append(Claim(text, cited))
        return out

    def units(self, passage: str) -> list[list[str]]:
        """Sentences of a passage, alone and as adjacent pairs."""
        if passage not in self._units:
            sents = sentences(passage, "nl")
            self._units[passage] = [[s] for s in sents] + [
                [a, b] for a, b in zip(sents, sents[1:], strict=False)]
        return self._units[passage]

    def check(self, claim: Claim, passages: dict[int, str], question: str = "") -> Verdict:
        """Whether one of the claim's cited passages supports it (see the module doc)."""
        if not claim.cited:
            return Verdict(claim, False, "geen bron")
        cited = [passages[n] for n in claim.cited if n in passages]
        if not cited:
            return Verdict(claim, False, "bron bestaat niet")
        need_numbers = numbers(claim.text) - numbers(question)
        need_names = names(claim.text) - names(question)
        known = names(claim.text, first=True) | names(question, first=True)
        reason = "andere inhoud"
        for passage in cited:
            for unit in self.units(passage):
                missing = _missing(unit, need_numbers, need_names, known)
                if missing:
                    reason = f"niet in de bron: {missing}"
                    continue
                joined = " ".join(unit)
                if self._same(claim.text, joined, question):
                    return Verdict(claim, True, "gesteund", joined)
        if len(cited) > 1:
            # A list joined from several passages ("Gouda, Rotterdam en Apeldoorn [1, 2]"):
            # its names and numbers may stand in different passages, each in its own sentence.
            every = [s for passage in cited for s in sentences(passage, "nl")]
            if not _missing(every, need_numbers, need_names, known) and \
                    self._same(claim.text, " ".join(cited), question, lexical_only=True):
                return Verdict(claim, True, "gesteund door de bronnen samen", " ".join(cited))
        return Verdict(claim, False, reason)

    def _same(self, claim: str, unit: str, question: str, lexical_only: bool = False) -> bool:
        if self.judge is not None:
            return self.judge(claim, unit)
        # What the claim adds to the question must be in the unit; a restatement of the
        # question's own words proves nothing either way.
        stems = (content_stems(claim) - content_stems(question)) or content_stems(claim)
        if stems and len(stems & content_stems(unit)) / len(stems) >= self.min_overlap:
            return True
        return not lexical_only and self.similarity is not None and \
            self.similarity(claim, unit) >= self.min_similarity

    def grade(self, answer: str, citations: dict[int, str], question: str = "") -> list[Verdict]:
        return [self.check(c, citations, question) for c in self.claims(answer, question)]


def _missing(unit: list[str], need_numbers: set[int], need_names: set[str],
             known: set[str]) -> str:
    """What of the claim's numbers and names the unit lacks ("" when nothing). ``need_*``
    are those the question did not already state; ``known`` are the names of the claim and
    the question."""
    text = fold(" ".join(unit))
    lacking_names = {n for n in need_names if n not in text}
    if lacking_names:
        return ", ".join(sorted(lacking_names))
    for number in need_numbers:
        holders = [s for s in unit if number in numbers(s)]
        if not holders:
            return str(number)
        # A number belongs to the sentence it stands in: that sentence must name what the
        # claim counts, or at least nothing else ("De themagroep kwam 6 keer bijeen" may
        # count Sterke Keten; "Binnensteden kwam 6 keer bijeen" may not).
        if not any(any(n in fold(s) for n in known) or not names(s) - known for s in holders):
            return f"{number} (bij iets anders)"
    return ""
