"""The question as the assistant understands it: one object that every later step reads.

A question goes by several texts on its way: what the user typed, the same without planted
instructions, a follow-up glued to the previous question, a standalone rewrite, what retrieval
searches, and, per ask, what the model is asked. ``Query`` holds them, each under one name;
``Ask`` is one ask of the question (a question with two asks has two).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.textmatch import content_tokens, is_injection
from index import drop_years, named_years

# Nouns of a follow-up that point back at something in the conversation ("in dat stuk").
REFERRING = content_tokens("stuk stukken document documenten paper")
# "daarbij", "hierover", "ermee": a pronoun fused with a preposition points back as well.
_FOLLOW_UP = re.compile(
    r"^(en|and|maar|but|ook|also)\b|\b(hij|zij|ze|hem|haar|hun|die|dat|daar|deze|dit|"
    r"het|he|she|they|him|her|them|it|that|there|this)\b|\b(daar|hier|er)(aan|achter|bij|door|in|"
    r"mee|na|naar|naast|om|onder|op|over|tegen|toe|tussen|uit|van|voor)\b", re.I)

# "het jaar erna", "een jaar eerder", "dat jaar": a year counted from the one the conversation
# was about. A closed family of phrases, Dutch and English; the preposition before it goes too.
_RELATIVE_YEAR = re.compile(
    r"\b(?:(?:in|op|during)\s+)?(?:"
    r"(?P<after>(?:het|een) jaar (?:erna|daarna|nadien|later|erop|daarop)|het volgende jaar|"
    r"the (?:following|next) year|a year later|the year after)|"
    r"(?P<before>(?:het|een) jaar (?:ervoor|daarvoor|eerder|tevoren)|het vorige jaar|"
    r"the previous year|a year (?:earlier|before)|the year before)|"
    r"(?P<same>(?:dat|datzelfde|hetzelfde) jaar|that (?:same )?year|the same year))\b", re.I)


@dataclass(frozen=True)
class Query:
    """One question, from what was typed to what is searched. Filled in as it is understood."""

    typed: str  # as the user typed it: the answer's ``question``
    text: str  # cleaned: control characters and planted instructions removed
    lang: str  # "nl", "en" or "other"
    glued: str = ""  # a follow-up after the previous question, for retrieval; "" for no follow-up
    standalone: str = ""  # without the conversation: the rewrite, or the text itself (shown)
    model: str = ""  # what the model answers: the rewrite, or the follow-up alone
    search: str = ""  # what retrieval searches: the standalone question (English: + its Dutch)
    broad: bool = False  # goals, activities, a summary: answered with the reports' sentences
    corrections: dict[str, str] = field(default_factory=dict)  # typo -> the reports' word


@dataclass(frozen=True)
class Ask:
    """One ask the model answers."""

    prompt: str  # what the model gets (a second ask comes after the first one's answer)
    bare: str  # the ask alone: which kind of answer it wants ("Hoeveel ...?" wants a count)
    quote_on: str  # what a quoted evidence sentence must cover when the model gives no answer
    checked: str  # names and numbers of this text may stand in the answer unsupported


def clean_question(question: str) -> str:
    """Drop control characters and planted instructions (the length is checked before)."""
    q = "".join(c if c.isprintable() else " " for c in question)
    q = " ".join(q.split())
    kept = []
    for sentence in re.split(r"(?<=[.!?])\s+", q):
        if not is_injection(sentence):
            kept.append(sentence)
            continue
        # Keep the real question of a sentence that also carries an instruction.
        clauses = re.split(r"[:;]\s*|\s(?:en|and|daarna|then)\s+(?:dan\s+)?", sentence)
        kept += [c for c in clauses if len(c.split()) >= 3 and not is_injection(c)]
    # "... Vraag: wie was ...?" -> the question itself, without the label.
    return re.sub(r"^(vraag|question|daarna|then)\s*:\s*", "", " ".join(kept).strip(), flags=re.I)


def is_follow_up(text: str) -> bool:
    """Points back at the conversation ("En in 2024?", "Wat deed zij daar?", "een jaar later")."""
    return bool(_FOLLOW_UP.search(text) or _RELATIVE_YEAR.search(text)) or len(text.split()) <= 4


def resolve_years(text: str, context: list[str]) -> str:
    """A year named relative to the conversation, named: "Wat deed de themagroep het jaar erna?"
    after a question about 2023 is a question about 2024 (and is searched as one). The year
    counted from is the last one the context names (the latest of several; the earliest for
    "het jaar ervoor"); a text that names a year itself, or a context without one, stays."""
    found = _RELATIVE_YEAR.search(text)
    if not found or named_years(text):
        return text
    years = next((y for y in map(named_years, reversed(context)) if y), set())
    if not years:
        return text
    year = max(years) + 1 if found["after"] else min(years) - 1 if found["before"] else max(years)
    return f"{text[:found.start()]}in {year}{text[found.end():]}"


def glued(text: str, history: list[dict[str, str]]) -> str:
    """For a follow-up: the question it follows and the follow-up as plain context; else "".
    When that question was a follow-up too, the one before it is its context and comes along:
    in "Wie trok ...?" - "Met wie werkte zij samen?" - "En in 2025?" the topic is in the first."""
    users = [m["content"].strip() for m in history if m.get("role") == "user" and m.get("content")]
    if not users or not is_follow_up(text):
        return ""
    context = users[-2:] if len(users) > 1 and is_follow_up(users[-1]) else users[-1:]
    text = resolve_years(text, context)
    # A later year replaces an earlier one: after "... in 2025?" - "En in 2024?", "dat jaar"
    # is 2024, and searching both years finds neither.
    later_year = bool(named_years(text))
    parts = [text]
    for part in reversed(context):
        parts.insert(0, drop_years(part) if later_year else part)
        later_year = later_year or bool(named_years(part))
    return " ".join(parts)


def clean_history(history: list[dict[str, str]] | None) -> list[dict[str, str]]:
    """The turns of a conversation that can be read: a role and a text. A history comes from
    clients (`g40 ask --history`, the API): a turn may lack its text or hold something else."""
    return [{"role": str(m.get("role", "")), "content": m["content"]} for m in history or []
            if isinstance(m, dict) and isinstance(m.get("content"), str) and m["content"]]


def history_text(history: list[dict[str, str]], turns: int = 2) -> str:
    """The last turns of a conversation for the rewrite prompt, each cut to 400 characters."""
    recent = history[-2 * turns:]
    return "\n".join(f"{m.get('role', 'user')}: {str(m.get('content', ''))[:400]}" for m in recent)
