"""Sentence boundaries with exact offsets: pysbd, which knows Dutch and English abbreviations.

Every part of the product that cuts text into sentences (chunks at index time, evidence windows
and bullets at question time, the sentences of a generated answer) uses this one splitter, so
a sentence is the same span everywhere.
"""

from __future__ import annotations

from functools import lru_cache

import pysbd


@lru_cache(maxsize=4)
def _segmenter(lang: str) -> pysbd.Segmenter:
    # clean=False: the segments are pieces of the text itself, so offsets can be recovered.
    return pysbd.Segmenter(language=lang if lang in ("nl", "en") else "nl", clean=False)


@lru_cache(maxsize=4096)
def _spans(text: str, lang: str) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    cursor = 0
    for segment in _segmenter(lang).segment(text):
        piece = segment.strip()
        if not piece:
            continue
        # Found from the cursor on, so a sentence that occurs twice gets its own place.
        start = text.find(piece, cursor)
        if start < 0:  # pysbd changed the text after all: keep the rest as one sentence
            rest = text[cursor:]
            if rest.strip():
                lead = len(rest) - len(rest.lstrip())
                out.append((cursor + lead, len(text.rstrip())))
            break
        out.append((start, start + len(piece)))
        cursor = start + len(piece)
    return tuple(out)


def split_sentences(text: str, offset: int = 0, lang: str = "nl") -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of a paragraph, offsets shifted by ``offset``;
    a span holds no surrounding whitespace."""
    if not text.strip():
        return []
    return [(offset + s, offset + e) for s, e in _spans(text, lang)]


def sentences(text: str, lang: str = "nl") -> list[str]:
    """The sentences of a text."""
    return [text[s:e] for s, e in split_sentences(text, 0, lang)]
