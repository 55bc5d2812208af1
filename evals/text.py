"""Text handling of the grader: folding, numbers, names, sentences.

Written for the evals alone: the grader must not share a rule with the assistant it grades,
or a wrong rule would make both wrong in the same way and the score could not show it.
"""

from __future__ import annotations

import re
import unicodedata

import Stemmer

from ingest import sentences as split_text

# Dutch and English number words up to twenty, and the round ones the reports use.
NUMBER_WORDS = {
    "een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
    "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14,
    "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19,
    "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "honderd": 100,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}
# "een" is also the article: as a claim's number it would demand a 1 in every passage.
_ARTICLE_LIKE = {"een", "one"}
_WORDS_OF: dict[int, list[str]] = {}
for _word, _value in NUMBER_WORDS.items():
    _WORDS_OF.setdefault(_value, []).append(_word)

_CITATION = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
_TOKEN = re.compile(r"[\w'’-]+")
# Names split at hyphens: "commissie-Roemer" names Roemer, "G40-netwerk" names G40.
_NAME_PART = re.compile(r"[\w'’]+")
_OPENING_QUOTES = ('"', "“", "„", "‘")
_STEMMER = Stemmer.Stemmer("dutch")
# Function words carry no claim; without them a 3-word claim is not "supported" by "de" and "van".
STOPWORDS = frozenset({
    "de", "het", "een", "en", "van", "in", "op", "te", "met", "voor", "aan", "bij", "door",
    "om", "over", "uit", "naar", "als", "dat", "die", "dit", "deze", "er", "is", "zijn", "was",
    "waren", "wordt", "worden", "werd", "werden", "heeft", "hebben", "had", "hadden", "kan",
    "kunnen", "zal", "zullen", "ook", "nog", "niet", "wel", "maar", "of", "dan", "want", "zo",
    "al", "meer", "veel", "we", "wij", "ze", "zij", "hij", "hun", "ons", "onze", "the", "a",
    "an", "and", "to", "for", "on", "at", "by", "with", "from", "as", "that", "this", "these",
    "are", "were", "be", "been", "it", "its", "their", "our", "they", "he", "she", "has",
    "have", "also", "not",
})


def fold(text: str) -> str:
    """Lower case, accents removed, hyphens and whitespace collapsed to one space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(re.sub(r"(?<=\w)-\s*\n\s*(?=\w)", "", text).replace("-", " ").split())


def variants(alternative: str) -> list[str]:
    """An expected string and its other spellings as a number (digits <-> words)."""
    alt = fold(alternative.strip())
    out = [alt]
    if alt.isdigit() and int(alt) > 1:
        out += _WORDS_OF.get(int(alt), [])
    if alt in NUMBER_WORDS:
        out.append(str(NUMBER_WORDS[alt]))
    return out


def contains(folded_text: str, needle: str) -> bool:
    """``needle`` (folded) in ``folded_text``; numbers and short strings as whole words."""
    if needle.isdigit() or len(needle) <= 3:
        return re.search(rf"(?<![\w.,]){re.escape(needle)}(?![\w]|[.,]\d)", folded_text) is not None
    return needle in folded_text


def has_any(text: str, alternatives: list[str]) -> bool:
    """One of the alternatives (or a number spelling of it) occurs in ``text``."""
    folded = fold(text)
    return any(contains(folded, v) for alt in alternatives for v in variants(alt))


def strip_citations(text: str) -> tuple[str, list[int]]:
    """The text without its [n] marks, and the numbers it cites in order."""
    cited = [int(n) for m in _CITATION.finditer(text) for n in m.group(1).split(",")]
    clean = _CITATION.sub("", text)
    return re.sub(r"\s+([.,;:!?])", r"\1", clean).strip(), cited


def sentences(text: str, lang: str = "nl") -> list[str]:
    """Sentences of a text, by the product's one sentence splitter (pysbd, which knows Dutch
    abbreviations such as "o.a."); line breaks are read as spaces."""
    flat = " ".join(text.split())
    return split_text(flat, lang) if flat else []


def numbers(text: str) -> set[int]:
    """Numbers a text states, as digits or number words ("3", "drie", "355.000")."""
    out = set()
    for token in re.findall(r"\d[\d.]*\d|\d", text):
        digits = token.replace(".", "")
        if digits.isdigit():
            out.add(int(digits))
    for word in _TOKEN.findall(fold(text)):
        if word in NUMBER_WORDS and word not in _ARTICLE_LIKE:
            out.add(NUMBER_WORDS[word])
    return out


def names(text: str, first: bool = False) -> set[str]:
    """Folded names a text states: capitalised words after the first word, and words with
    capitals or digits inside (MKB, G40). A sentence's first word is capitalised anyway; it
    counts only with ``first`` (to know every word that may name something)."""
    out = set()
    for i, match in enumerate(_NAME_PART.finditer(text)):
        w = match.group().strip("'’")
        if len(w) < 2 or w.isdigit():
            continue
        # A quoted sentence starts anew: 'Op de vraag "Hoeveel ..." ...' names no "Hoeveel".
        opens = i == 0 or text[:match.start()].endswith(_OPENING_QUOTES)
        inner = any(c.isupper() for c in w[1:]) or (any(c.isdigit() for c in w) and w[0].isalpha())
        # A capitalised function word ("voortgang In de") is a typo, not a name.
        if (inner or ((first or not opens) and w[0].isupper())) and fold(w) not in STOPWORDS:
            out.add(fold(w))
    return out


def content_stems(text: str) -> set[str]:
    """Stems (Snowball, Dutch) of the words that carry meaning."""
    tokens = (w.strip("'-") for w in _TOKEN.findall(fold(text)))
    words = [w for w in tokens if w not in STOPWORDS and len(w) > 1]
    return set(_STEMMER.stemWords(words))
