"""From checked model output to the answer: quotes from the evidence when the model gave no
usable answer, citations narrowed to the supporting sentence, the answers to two asks joined."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from assistant import prompts
from assistant.answertype import (
    NAME,
    AnswerType,
    answered_by,
    dates_asked,
    fits,
    fits_all,
    named_in_clause,
)
from assistant.citations import split_answer, supports
from assistant.evidence import BULLETS, EvidenceItem, units
from assistant.textmatch import Idf, is_injection, new_words, overlap
from assistant.types import Citation
from ingest import split_sentences

# A window the model pointed at needs less: "Ook gingen we op stadssafari ..." adds one word.
_MIN_POINTED_NEW_WORDS = 1


@dataclass
class Part:
    """The answer to one ask: text with citations [n] into ``items``; empty when refused."""

    text: str
    items: list[EvidenceItem]
    flagged: list[str]
    plain: str = ""  # the model's own answer without citation marks (not a quote)


def join_parts(results: list[Part], asks: list[str], lang: str) -> tuple[str, list[EvidenceItem]]:
    """One answer from the answers to each ask, citations renumbered over the whole."""
    texts: list[str] = []
    items: list[EvidenceItem] = []
    for result, ask in zip(results, asks, strict=True):
        if not result.text:
            texts.append(prompts.PART_REFUSAL[lang].format(ask=ask))
            continue
        numbers: dict[int, int] = {}
        for n, item in enumerate(result.items, 1):
            same = [k for k, e in enumerate(items, 1)
                    if (e.passage.source, e.start, e.end) == (item.passage.source, item.start, item.end)]
            if not same:
                items.append(item)
            numbers[n] = same[0] if same else len(items)
        text = re.sub(r"\[(\d+)\]", partial(_renumber, numbers), result.text)
        before = " ".join(texts)
        for k in set(numbers.values()):
            # An answer's sentence quoted once is enough: the second ask it answers keeps
            # its short answer and the citation ("Woensdag 15 november [1].").
            quoted = f': "{items[k - 1].text.strip()}" [{k}]'
            if quoted in text and quoted[2:] in before:
                text = text.replace(quoted, f" [{k}].")
        texts.append(text)
    # A list is lines of its own: the next answer starts below it, not on its last line.
    return ("\n\n" if any("\n" in t for t in texts) else " ").join(texts), items


def _renumber(numbers: dict[int, int], m: re.Match[str]) -> str:
    return f"[{numbers[int(m.group(1))]}]"


def quote_evidence(question: str, evidence: list[EvidenceItem], kind: AnswerType, idf: Idf,
           min_coverage: float, pointed: set[int], min_pointed_coverage: float,
           min_new_words: int, min_own_coverage: float,
           asks: list[tuple[str, AnswerType]] | None = None) -> EvidenceItem | None:
    """The evidence sentence that answers the question, when the model gave no usable answer.

    Its window must cover the question well. For a typed question (a count, a name, a date)
    the sentence must hold that kind of answer; for another question it must itself cover part
    of the question and add several content words to it. Measured on the own eval set this
    turns model refusals with the fact in the evidence into quoted answers, without answering
    the questions the reports cannot answer. ``asks``: the typed asks of a question whose
    asks stay joined; the sentence must then answer each of them. ``min_new_words`` and
    ``min_own_coverage``: what a sentence for an untyped question must add and cover.
    """
    best: tuple[float, float, EvidenceItem] | None = None
    for e in sorted(evidence, key=lambda e: -e.score):  # on a tie, the better-ranked window
        window = idf.coverage(question, f"{e.text} {e.label} {e.passage.section} {e.passage.title}")
        # The window the model pointed at while restating an untyped question: quoted whole,
        # as which of its sentences answers cannot be told (measured: the answer was the
        # second sentence on the dev split). Not for a typed question: a "Wie ...?" restatement
        # pointed at any sentence with a name ("Burgemeester Utrecht [1]").
        if not asks and id(e) in pointed and window >= min_pointed_coverage and kind.kind is None \
                and len(new_words(e.text, question)) >= _MIN_POINTED_NEW_WORDS \
                and dates_asked([e.text], question):
            return e
        # The model found the question's topic in a window it pointed at: a sentence there
        # that gives the asked kind of answer needs less of the question's words around it
        # ("startte donderdag in De Landdrost" for "In welk gebouw begon de pijler ...?").
        if window < (min_pointed_coverage if id(e) in pointed else min_coverage):
            continue
        for s, t, _ in units(e.text, e.start):
            sentence = e.text[s - e.start : t - e.start]
            if is_injection(sentence) or not (fits_all(sentence, asks) if asks
                                               else fits(sentence, question, kind)):
                continue
            if not answered_by([sentence], question):  # its date also beside another ask
                continue
            # The model did not give this name: the sentence must give it about the question.
            if kind.kind == NAME and not asks and not named_in_clause(sentence, question):
                continue
            # An untyped question ("Welk voorstel ...?") cannot be checked for the kind of
            # answer; the sentence itself must be about the question and say clearly more.
            own = idf.coverage(question, sentence)
            if kind.kind is None and not asks and (len(new_words(sentence, question)) < min_new_words
                                                   or own < min_own_coverage):
                continue
            if best is None or (window, own) > best[:2]:
                best = (window, own, EvidenceItem(e.passage, sentence, s, t, e.score, e.label))
    return best[2] if best else None


def narrow(item: EvidenceItem, answer: str, n: int, question: str) -> EvidenceItem:
    """Point the citation at the one sentence of the window that supports the answer, if any."""
    claims = [text for text, cited in split_answer(answer) if n in cited]
    spans = split_sentences(item.text, item.start)
    if len(spans) < 2 or not claims:
        return item
    for s, e in sorted(spans, key=lambda se: -max(overlap(c, item.text[se[0] - item.start:se[1] - item.start])
                                                   for c in claims)):
        sentence = item.text[s - item.start : e - item.start]
        if all(supports(c, sentence, question, 0.5) for c in claims):
            return EvidenceItem(item.passage, sentence, s, e, item.score)
    return item


def one_line(text: str) -> str:
    """A sentence with the list under it as one line: "...: a; b; c." (a bullet holds it)."""
    lines = [line.strip().lstrip(BULLETS + " ").strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) < 2:
        return " ".join(lines)
    return f"{lines[0]} {'; '.join(line.rstrip('.;,') for line in lines[1:])}."


def cite(text: str, n: int) -> str:
    """A report sentence with its citation before the closing punctuation ("... [3]."); each
    sentence of two read together ("... steden [3]. Die ruimte ... [3].") has its own."""
    text = one_line(text)
    parts = [text[s:e] for s, e in split_sentences(text)] or [text]
    return " ".join(f"{t[:-1]} [{n}]{t[-1]}" if t[-1:] in ".!?:;" else f"{t} [{n}]"
                    for t in parts)


def section_bullets(items: list[EvidenceItem], first: int, per_bullet: int = 0) -> list[str]:
    """One bullet per section: its sentences in report order, each with its own citation
    (numbered from ``first``). A section read as a few sentences together is a short
    passage, not a list of loose lines. A heading item opens its bullet: "Bied ruimte aan
    economie [3]: ..." (the heading names the theme its sentences are about). A section of
    more than ``per_bullet`` sentences (a theme's own section, read whole) goes on in the next
    bullet, so that no bullet becomes a page (0: no limit)."""
    lines: list[str] = []
    section: tuple[str, str] | None = None
    told = 0  # sentences in the current bullet
    for n, item in enumerate(items, first):
        key = (item.passage.source, item.passage.section)
        text = f"{item.text} [{n}]:" if item.heading else cite(item.text, n)
        if key == section and not item.heading and not (per_bullet and told >= per_bullet):
            lines[-1] += " " + text
        else:
            lines.append("- " + text)
            told = 0
        told += not item.heading
        section = key
    return lines


def citation(n: int, item: EvidenceItem) -> Citation:
    p = item.passage
    return Citation(n, p.source, p.title, p.year, p.section, item.text, item.start, item.end)


