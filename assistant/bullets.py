"""Bullets for a broad question: the report sentences that answer it, a few per section.

A candidate is a sentence of a retrieved passage (with the sentence before it when it points
back, with its list when it announces one); candidates are ranked by fusing BM25 over them,
their embedding similarity to the question (read between their neighbours for a theme) and
their passage's rank, and chosen above a floor set by the best of them, so that every section
and report that speaks to the question is heard. A bullet is a sentence of a report, so it says
exactly what its citation shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.evidence import BULLETS, EvidenceItem, units
from assistant.textmatch import content_tokens, is_contact, is_injection
from index import BM25Index, Embedder, Passage, opens_paragraph, unit_rows

_MIN_SENTENCE_CHARS = 40  # a heading or a name alone is no bullet
# A sentence that opens by pointing back (a pronoun, "daarbij", "hiervoor") reads as a
# fragment alone: a closed class of words, not a tuned list.
_POINTS_BACK = re.compile(r"(hij|zij|ze|hun|haar|dit|deze|die|daar\w+|hier\w+|he|she|they|"
                          r"this|these|there\w+)\b", re.I)


@dataclass(frozen=True)
class Rules:
    """How the bullets of a broad question are ranked and chosen (see ``bullets``)."""

    limit: int  # most sentences
    min_similarity: float  # the floor of a sentence's similarity to the question
    margin: float = 1.0  # a theme: at most this much below the best sentence
    per_section: int = 1  # most sentences of one section
    fusion: tuple[float, float, int] | None = None  # BM25 weight, dense weight, k
    passage_weight: float = 0.0  # the retriever's rank of the sentence's passage, fused too
    context_weight: float = 0.0  # a theme: the sentence read between its neighbours
    min_answering: int = 0  # sentences close enough by themselves, else no bullets
    theme_words: int = 0  # a heading's first words that name its section (0: none)
    opening_bonus: float = 0.0  # a summary: a paragraph's opening sentence ranks higher


def bullets(question: str, passages: list[Passage], embed_model: Embedder, rules: Rules,
            skip: list[EvidenceItem] | None = None, representative: bool = False,
            spread: bool = False,
            report_text: Callable[[str], str] | None = None) -> list[EvidenceItem]:
    """Up to ``rules.limit`` report sentences that answer a broad question, at most
    ``per_section`` from one section, in the order of the reports (year, then place), so
    that a section is read as a short passage; none below ``min_similarity`` to
    the question, nor (for a question on a theme) more than ``margin`` below the best one:
    a theme lives in a few sections, and the best sentence tells how similar its sentences
    are. ``representative`` (a summary of one report): sentences are also ranked by
    how well they represent their report (similarity to the mean of its sentences), so the
    bullets tell what the report is about rather than what echoes the question's words;
    a paragraph's opening sentence gets ``opening_bonus`` on top, and every section is heard
    (no similarity floor: "Vat ... samen." is about as close to any sentence). Whether a
    sentence opens its paragraph is read in ``report_text`` (a passage may begin inside a
    paragraph; called once per candidate, so the caller keeps the texts); without it, in the
    passage.

    ``fusion`` = (BM25 weight, dense weight, k): sentences are ranked as the retriever ranks
    chunks, by reciprocal rank fusion of BM25 (over these sentences) and embedding
    similarity. Embeddings alone favour the reports' general sentences about the pillar,
    which are close to every question about it; BM25 weighs the question's rarer words, the
    topic, higher.

    ``context_weight``: for a theme, a sentence's similarity is blended with that of its
    window (the sentence between its neighbours in the paragraph), as llama-index's sentence
    window reads a sentence: "In Hoorn sprak ..." is about the network days only in its
    paragraph. ``min_answering``: how many of the chosen sentences must be above the floor
    (and within the margin) by themselves, without their window; fewer: no bullets.

    ``spread``: every report with a sentence above the floor is heard first (its best
    sentence), then the best of the rest: a question over a period or a theme across years is
    answered from each year's report, not only from the one whose words echo it most.

    ``theme_words``: a section whose heading the question names ("Wat deed de pijler in 2024 aan
    ruimte voor werken?" and the section "Ruimte voor werken") is the theme's own: its sentences
    come first and without the cap per section. A heading is named by its first
    ``theme_words`` content words (all of them when it has fewer; 0: no theme sections): the
    reports call a theme group by the first words of its heading ("Sterke keten" for "Sterke
    Keten van participatie, leren, werken en ondernemen"). The reports' own order says what a
    sentence is about where the similarity of single sentences is flat (general sentences
    about the pillar are about as close to every question as the theme's own).

    ``skip``: sentences already in the answer (the model's lead cites them): not repeated, and
    their similarity raises the bar for a theme."""
    taken = [(e.passage.source, e.start, e.end) for e in skip or []]
    candidates: list[EvidenceItem] = []
    windows: list[str] = []  # each candidate between its neighbours in its paragraph
    seen: set[str] = set()
    for p in passages:
        spans = units(p.text, p.start)
        listed = 0  # list lines already taken into the sentence that announces them
        for n, (start, end, block) in enumerate(spans):
            if n < listed:
                continue
            sentence = p.text[start - p.start : end - p.start].strip()
            first = n
            if n and spans[n - 1][2] == block and _POINTS_BACK.match(sentence) \
                    and candidates and candidates[-1].start == spans[n - 1][0]:
                # "Hij bewaakt ..." says nothing without the sentence before it: the two are one
                # candidate, in place of that sentence alone.
                start = candidates.pop().start
                windows.pop()
                first = n - 1
            if sentence.endswith(":"):
                # "... met als aandachtspunten:" says nothing without its list: one candidate
                # from the sentence to the end of the list lines under it.
                listed = n + 1
                while listed < len(spans) and _is_list_line(p, spans[listed]):
                    end = spans[listed][1]
                    listed += 1
            text = p.text[start - p.start : end - p.start].strip().lstrip(BULLETS + " ").strip()
            key = " ".join(text.lower().split())
            # Whom to write to is no goal or activity of the pillar (and a question asking
            # for a contact is narrow: it is answered from the evidence, not with bullets).
            if len(text) < _MIN_SENTENCE_CHARS or key in seen or is_injection(text) \
                    or is_contact(text):
                continue
            if any(src == p.source and start < e and s < end for src, s, e in taken):
                continue
            seen.add(key)
            offset = p.text.find(text, start - p.start)
            candidates.append(EvidenceItem(p, text, p.start + offset, p.start + offset + len(text),
                                           0.0))
            last = max(n, listed - 1)
            windows.append(" ".join([*_neighbour(p, spans, first - 1, spans[first][2]), text,
                                     *_neighbour(p, spans, last + 1, spans[last][2])]))
    if not candidates:
        return []
    query = unit_rows([embed_model.get_query_embedding(question)])[0]
    vectors = unit_rows(embed_model.get_text_embedding_batch([c.text for c in candidates]))
    scores = vectors @ query
    own = scores
    if rules.context_weight and not representative:
        around = unit_rows(embed_model.get_text_embedding_batch(windows)) @ query
        scores = (1 - rules.context_weight) * scores + rules.context_weight * around
    rank = scores.copy()
    # A summary covers every section of its report: "Vat het jaarverslag samen." is about as
    # close to a section's sentences as to any text, so its similarity sets no floor there.
    floor = -1.0 if representative else rules.min_similarity
    if not representative:
        # The answer's own sentences set the bar too: after a precise answer, only as
        # relevant sentences follow it.
        lead = [e.text for e in skip or []]
        best = float(scores.max())
        if lead:
            best = max(best, float((unit_rows(embed_model.get_text_embedding_batch(lead)) @ query).max()))
        floor = max(rules.min_similarity, best - rules.margin)
        if rules.fusion is not None:
            rank = _fused(question, [c.text for c in candidates], scores, *rules.fusion)
            # The retriever's rank of a sentence's passage is a third ranking: it saw the
            # whole passage, with its section heading and neighbours.
            rank = rank + np.array([rules.passage_weight / (rules.fusion[2] + c.passage.rank)
                                    for c in candidates])
    else:
        centre = vectors.mean(axis=0)
        rank = rank + vectors @ (centre / max(float(np.linalg.norm(centre)), 1e-9))
        # A paragraph's opening sentence ranks higher: the reports (as most) state a
        # paragraph's point first and its details after.
        rank = rank + rules.opening_bonus * np.array([_opens(c, report_text) for c in candidates],
                                               dtype=float)
    chosen: list[EvidenceItem] = []
    taken_ids: set[int] = set()
    sections: dict[tuple[str, str], int] = {}
    # A summary covers every section before it goes deeper into one; a theme question takes
    # the best sentences, up to ``per_section`` from one section (a theme lives in a few).
    # Spread: a first pass takes one sentence of each report not yet heard.
    caps = [1, rules.per_section] if representative else [rules.per_section]
    theme = _named_sections(question, candidates, rules.theme_words) \
        if rules.theme_words and not representative else set()
    # Each year of a period is heard first, then the theme's own sections, then the rest.
    passes: list[tuple[bool, int, set[tuple[str, str]]]] = [(True, 1, set())] if spread else []
    passes += [(False, rules.limit, theme)] if theme else []
    passes += [(False, cap, set()) for cap in caps]
    for one_per_report, cap, within in passes:
        for i in np.argsort(-rank):
            c = candidates[int(i)]
            if len(chosen) >= rules.limit:
                break
            section = (c.passage.source, c.passage.section)
            if within:  # the theme's own sections: every sentence above the floor, uncapped
                if section not in within or scores[i] < floor or i in taken_ids:
                    continue
            elif scores[i] < floor or sections.get(section, 0) >= cap or i in taken_ids \
                    or (one_per_report and any(o.passage.source == c.passage.source
                                               for o in chosen)):
                continue
            # Passages overlap: a list line read in one is already in its announcing
            # sentence read in another.
            if any(o.passage.source == c.passage.source and c.start < o.end and o.start < c.end
                   for o in chosen):
                continue
            taken_ids.add(int(i))
            sections[section] = sections.get(section, 0) + 1
            c.score = float(scores[i])
            chosen.append(c)
    # Neighbours may bring a sentence in; that there is an answer at all rests on sentences
    # that are close enough to the question by themselves.
    bar = -1.0 if representative else max(rules.min_similarity, float(own.max()) - rules.margin)
    if sum(float(own[i]) >= bar for i in taken_ids) < rules.min_answering:
        return []
    return sorted(chosen, key=lambda c: (c.passage.year, c.passage.source, c.start))


def _named_sections(question: str, candidates: list[EvidenceItem],
                    words: int) -> set[tuple[str, str]]:
    """The sections whose heading's first ``words`` content words the question all holds (not
    a report's untitled opening, whose "section" is the report's title)."""
    asked = content_tokens(question)
    sections = {(c.passage.source, c.passage.section) for c in candidates
                if c.passage.section != c.passage.title}
    return {s for s in sections if (name := _leading_words(s[1], words)) and name <= asked}


def _leading_words(heading: str, n: int) -> set[str]:
    """The first ``n`` content words of a heading, stemmed."""
    name: list[str] = []
    for word in heading.split():
        name += [t for t in sorted(content_tokens(word)) if t not in name]
    return set(name[:n])


def _opens(c: EvidenceItem, report_text: Callable[[str], str] | None) -> bool:
    """Whether a candidate opens its paragraph: read in its report's text (a passage may begin
    inside a paragraph), else in its passage."""
    if report_text is None:
        return opens_paragraph(c.passage.text, c.start - c.passage.start)
    return opens_paragraph(report_text(c.passage.source), c.start)


def _neighbour(p: Passage, spans: list[tuple[int, int, int]], n: int, block: int) -> list[str]:
    """The text of span ``n`` when it stands in paragraph ``block`` (none else)."""
    if 0 <= n < len(spans) and spans[n][2] == block:
        return [p.text[spans[n][0] - p.start : spans[n][1] - p.start].strip()]
    return []


def _is_list_line(p: Passage, span: tuple[int, int, int]) -> bool:
    return p.text[span[0] - p.start : span[1] - p.start].lstrip()[:1] in BULLETS


def _fused(question: str, texts: list[str], dense: np.ndarray, bm25_weight: float,
           dense_weight: float, k: int) -> np.ndarray:
    """Reciprocal rank fusion of BM25 over ``texts`` and their ``dense`` similarities."""
    fused = np.zeros(len(texts))
    for rank, i in enumerate(np.argsort(-dense)):
        fused[int(i)] += dense_weight / (k + rank + 1)
    lexical = BM25Index.build([str(i) for i in range(len(texts))], texts)
    for rank, (i, _) in enumerate(lexical.search(question, len(texts))):
        fused[int(i)] += bm25_weight / (k + rank + 1)
    return fused
