"""Claims bound to sentences: the model answers in a JSON structure in which every claim names
the numbered evidence sentences it rests on.

The evidence windows are cut into sentences and numbered; the model's reply is constrained by a
JSON schema (a grammar in llama.cpp, ``response_format`` on OpenAI-compatible servers, ``format``
on Ollama), so it cannot cite a sentence that was not given. The application then checks each
claim against exactly the sentences it names (numbers, names, shared words, and whether it says
more than the question), renders the citations itself and drops a claim that its sentences do
not carry. A citation therefore opens the one sentence a claim came from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from assistant.citations import Similarity, supports
from assistant.evidence import EvidenceItem, units
from assistant.textmatch import adds_information


@dataclass(frozen=True)
class Claim:
    text: str
    sentences: list[int]  # 1-based numbers of the evidence sentences


@dataclass
class Reply:
    """What the model said: whether the sentences answer the question, and its claims."""

    found: bool
    claims: list[Claim]


@dataclass
class Verified:
    """The rendered answer: its text with [n], the cited sentences in the order of n, and the
    claims that were dropped (for the flagged list)."""

    text: str
    items: list[EvidenceItem]
    dropped: list[str] = field(default_factory=list)


def numbered_sentences(evidence: list[EvidenceItem]) -> list[EvidenceItem]:
    """The evidence windows cut into their sentences (bullet lines count as sentences), each
    with its own offsets into the report."""
    out = []
    for e in evidence:
        for start, end, _ in units(e.text, e.start):
            text = e.text[start - e.start : end - e.start].strip()
            if text:
                out.append(EvidenceItem(e.passage, text, start, end, e.score, e.label))
    return out


def format_sentences(sentences: list[EvidenceItem]) -> str:
    return "\n".join(f"[{i}] ({s.passage.source}, {s.passage.section}) {s.text}"
                     for i, s in enumerate(sentences, 1))


def schema(n_sentences: int, max_claims: int) -> dict[str, Any]:
    """The reply's JSON schema; sentence numbers are limited to those given."""
    return {
        "type": "object",
        "properties": {
            "found": {"type": "boolean"},
            "claims": {
                "type": "array", "maxItems": max_claims,
                "items": {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string"},
                        "sentences": {"type": "array", "minItems": 1, "maxItems": 3,
                                      "items": {"type": "integer", "minimum": 1,
                                                "maximum": max(1, n_sentences)}},
                    },
                    "required": ["text", "sentences"],
                },
            },
        },
        "required": ["found", "claims"],
    }


def parse_reply(raw: str) -> Reply | None:
    """The model's JSON reply; None when it is not the asked structure (a server that ignored
    the schema, or a reply cut off at the token limit)."""
    match = re.search(r"\{.*\}", raw, re.S)
    if not match:
        return None
    try:
        data = json.loads(match.group())
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("claims", []), list):
        return None
    claims = []
    for c in data.get("claims", []):
        if not isinstance(c, dict) or not isinstance(c.get("text"), str):
            continue
        ids = [n for n in c.get("sentences", []) if isinstance(n, int)]
        claims.append(Claim(" ".join(c["text"].split()), ids))
    return Reply(bool(data.get("found", bool(claims))), claims)


_TEXT_FIELD = re.compile(r'"text"\s*:\s*"((?:[^"\\]|\\.)*)("?)')


def claim_texts(partial: str) -> str:
    """The claims' text in a reply that is still being written, for streaming: what a person
    should see while the JSON around it grows."""
    texts = []
    for m in _TEXT_FIELD.finditer(partial):
        # A field still being written may end inside an escape ("\\"): cut that off.
        body = m.group(1) if m.group(2) else m.group(1).rstrip("\\")
        try:
            texts.append(json.loads(f'"{body}"'))
        except ValueError:
            texts.append(body)
    return " ".join(t.strip() for t in texts if t.strip())


def verify(reply: Reply, sentences: list[EvidenceItem], question: str,
           min_overlap: float = 0.5, similarity: Similarity | None = None) -> Verified:
    """Keep the claims the sentences they name carry and that say more than the question; number
    the cited sentences in order of first use and put the numbers in the text. ``similarity``
    compares meaning across languages (an English claim, Dutch sentences)."""
    order: list[int] = []
    rendered: list[str] = []
    dropped: list[str] = []
    if not reply.found:
        return Verified("", [], [c.text for c in reply.claims])
    for claim in reply.claims:
        named = [i - 1 for i in dict.fromkeys(claim.sentences) if 1 <= i <= len(sentences)]
        # Section and title count as context: "Sterke keten" is often only in the heading.
        support = " ".join(f"{sentences[i].text} ({sentences[i].passage.section}, "
                           f"{sentences[i].passage.title})" for i in named)
        if not named or not claim.text or not adds_information(claim.text, question) or \
                not supports(claim.text, support, question, min_overlap, similarity):
            dropped.append(claim.text)
            continue
        for i in named:
            if i not in order:
                order.append(i)
        marks = "".join(f"[{order.index(i) + 1}]" for i in named)
        body = claim.text.rstrip()
        end = body[-1] if body[-1:] in ".!?" else "."
        rendered.append(f"{body.rstrip('.!?').rstrip()} {marks}{end}")
    return Verified(" ".join(rendered), [sentences[i] for i in order], dropped)
