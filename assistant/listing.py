"""Questions that ask for a list of a stated length: "Noem de vier pijlers ...", "Welke drie
themagroepen ...?".

The reports announce such a list in one sentence ("De uitvoering steunt op vier pijlers.",
"... werken met drie themagroepen:") and give its items right under it, numbered or as bullet
lines, or after a colon or semicolon in the same sentence. The answer is that sentence and its
items, each cited: the reports' own words, so it is faithful and complete, where the model
named one item and the overview's ranking of single sentences missed the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from assistant import prompts
from assistant.evidence import BULLETS, EvidenceItem, units
from assistant.textmatch import NUMBER_WORDS, fold
from index import Passage, stem

# The count comes right after a word that asks for the items: "welke drie", "noem de vier",
# "wat zijn de twee", "which three", "name the four". Adjectives before the noun end in -e
# ("drie fundamentele omslagen").
_LIST_Q = re.compile(
    r"\b(?:welke|noem(?: de| alle)?|geef(?: de)?|wat (?:zijn|waren) de|which|what (?:are|were) the|"
    r"name the|list the)\s+(?P<n>\w+)\s+(?:\w+e\s+)?(?P<noun>[\w'-]+)")
_ITEM_MARK = re.compile(r"^\s*(?:\d{1,2}[.)]|[" + re.escape(BULLETS) + r"])\s*")
_MAX_ITEMS = 12
_READ_ON = 3000  # characters of the report read after the announcement for its items
# "... drie fundamentele omslagen nodig; activering van de vraag, ...": a few words, then the
# items after a colon or semicolon.
_INLINE = re.compile(r"^[^.:;]{0,40}[:;]\s*\w")


@dataclass(frozen=True)
class ListAsk:
    count: int
    noun: str  # the Snowball stem of the listed thing's head ("pijler", "themagroep")


def list_ask(question: str) -> ListAsk | None:
    """The length and the listed thing of a question that asks for a list of stated length."""
    m = _LIST_Q.search(fold(question))
    if not m:
        return None
    word = m.group("n")
    count = int(word) if word.isdigit() else NUMBER_WORDS.get(word, 0)
    if not 2 <= count <= _MAX_ITEMS:
        return None
    return ListAsk(count, _head(m.group("noun")))


def _head(word: str) -> str:
    # The head of a hyphenated compound is its last part ("G40-steden" lists "steden").
    return stem(fold(word).split("-")[-1].replace("'", "").replace("’", ""))


def _announces(sentence: str, ask: ListAsk) -> int:
    """Where the announcement of ``ask``'s list ends in the sentence ("vier pijlers"), else -1."""
    words = list(re.finditer(r"[\w'’-]+", sentence))  # offsets in the sentence itself
    for i, m in enumerate(words):
        w = fold(m.group())
        if (int(w) if w.isdigit() else NUMBER_WORDS.get(w)) != ask.count:
            continue
        for nxt in words[i + 1 : i + 3]:  # "vier pijlers", "drie fundamentele omslagen"
            if _head(nxt.group()).endswith(ask.noun):
                return nxt.end()
    return -1


def find_list(ask: ListAsk, passages: list[Passage],
              report_text: Callable[[str], str]) -> list[EvidenceItem]:
    """The announcing sentence and its ``ask.count`` items, from the first passage (in the
    retriever's order) that announces the list; the items are read on in the report when
    the passage ends before them. Empty when no passage announces a list of that length."""
    for p in passages:
        for start, end, _ in units(p.text, p.start):
            sentence = p.text[start - p.start : end - p.start]
            at = _announces(sentence, ask)
            if at < 0:
                continue
            if _INLINE.match(sentence[at:]):  # the items in the sentence itself
                return [EvidenceItem(p, sentence.strip(), start, end, 1.0)]
            items = _items_after(p, end, ask.count, report_text(p.source))
            if items:
                # One passage from the announcement to the last item: every citation lies in it.
                read = replace(p, text=report_text(p.source)[start : items[-1][1]],
                               start=start, end=items[-1][1])
                return [EvidenceItem(read, sentence.strip(), start, end, 1.0),
                        *[EvidenceItem(read, text, s, e, 1.0) for s, e, text in items]]
    return []


def _items_after(p: Passage, end: int, count: int, text: str) -> list[tuple[int, int, str]]:
    """The ``count`` list lines ("1. ...", "• ...") right after ``end`` in the report's text,
    each without its mark; empty when running text comes first."""
    tail = text[end : end + _READ_ON]
    items: list[tuple[int, int, str]] = []
    for s, e, _ in units(tail, end)[:count]:
        line = text[s:e]
        mark = _ITEM_MARK.match(line)
        if not mark:
            return []
        items.append((s + mark.end(), e, line[mark.end():].strip()))
    return items if len(items) == count else []


def list_answer(items: list[EvidenceItem]) -> str:
    """The announcing sentence as the lead, each item a bullet with its own citation."""
    intro, rest = items[0], items[1:]
    if not rest:
        return prompts.QUOTE["nl"].format(quote=intro.text)
    lead = intro.text.rstrip(" .:") + " [1]:"
    return "\n".join([lead, *[f"- {i.text.rstrip(' .;')} [{n}]." for n, i in enumerate(rest, 2)]])
