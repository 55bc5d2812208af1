"""Lexical evidence checks shared by evidence selection, citation checks and refusals."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from index.bm25 import tokenize

# Words that say what kind of answer is wanted, not what it is about.
QUESTION_WORDS = {
    "hoeveel", "wanneer", "gestart", "begonnen", "genoemd", "noemt", "staat", "stond", "waar", "wie", "welk", "welke", "waarom", "hoe", "noem", "geef",
    "vertel", "beschrijf", "wat", "g40", "pijler", "rapport", "verslag", "verslagen", "gemeent",
    "what", "which", "who", "when", "where", "how", "many", "much", "the", "did", "does", "was",
    "were", "is", "are", "of", "in", "to", "a", "an", "and", "for", "on", "with", "by", "about",
    "according", "report", "reports", "do", "that", "this", "it", "its", "name", "named",
    "volgens", "naast", "type", "soort", "telt", "tellen", "bracht", "via", "vooral",
    "echt", "precies", "eigenlijk", "ongeveer", "daarbij", "daarna", "eerst", "genoemde",
    "deed", "doet", "doen", "gedaan", "kreeg", "kregen", "waren", "werd", "werden", "wordt",
    "heeft", "hebben", "had", "hadden", "gaat", "ging", "gingen", "kwam", "kwamen",
}

NUMBER_WORDS = {
    "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
    "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
    "zestien": 16, "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "honderd": 100,
    "duizend": 1000, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20,
    "hundred": 100, "thousand": 1000, "één": 1, "one": 1,
}

_EN_HINTS = {"the", "what", "which", "who", "how", "did", "does", "is", "are", "was", "were",
             "of", "and", "many", "much", "when", "where", "according", "to", "in", "report"}
_NL_HINTS = {"de", "het", "een", "wat", "welke", "wie", "hoe", "hoeveel", "en", "van", "is",
             "in", "waar", "wanneer", "zijn", "er", "met", "voor", "op", "die", "dat", "deed"}


def fold(text: str) -> str:
    """Lower case without accents, for tolerant comparison."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def content_tokens(text: str) -> set[str]:
    """Stemmed Dutch content words (stop words and question words removed)."""
    words = [w for w in re.findall(r"\w+", fold(text)) if w not in QUESTION_WORDS]
    return set(tokenize([" ".join(words)])[0]) if words else set()


# A word of letters and digits ("G40", "G40-steden") is a name: its digits state no number.
_NAMED_DIGITS = re.compile(r"\b(?=\w*[^\W\d])(?=\w*\d)\w+")


def numbers(text: str) -> set[str]:
    """Numbers in a text as canonical strings; number words count as their digits; the
    digits of a name ("G40") are none."""
    out = set()
    text = _NAMED_DIGITS.sub(" ", text)
    for m in re.finditer(r"\d+(?:[.,]\d+)*", text):
        raw = m.group()
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):  # Dutch thousands: 100.000
            raw = raw.replace(".", "")
        out.add(raw.replace(",", "."))
    for word in re.findall(r"\w+", fold(text)):
        if word in NUMBER_WORDS:
            out.add(str(NUMBER_WORDS[word]))
    return out


_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-zà-ÿ]+(?:[- ][A-Z][a-zà-ÿ]+)*)")
NOT_NAMES = {"De", "Het", "Een", "In", "The", "A", "An", "This", "That", "Dat", "Dit", "Er",
              "Ook", "Zij", "Hij", "Ze", "We", "Wij", "Op", "Met", "Voor", "Van", "En", "Bij",
              "Tijdens", "Volgens", "According", "During", "On", "At", "Minister", "Koningin",
              "Wethouder", "Kamer", "Tweede", "Rijk", "Nederland", "Netherlands", "Dutch"}


def names(text: str) -> set[str]:
    """Capitalised words inside a sentence (likely names of people, places, organisations)."""
    found = set()
    for m in _NAME.finditer(text):
        word = m.group(1)
        if m.start() == 0 or word in NOT_NAMES or len(word) < 3:
            continue
        found.add(word)
    return found


_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)[^\s)\]]+", re.I)


def is_contact(sentence: str) -> bool:
    """A line that tells whom to write to ("Meer informatie: ... naam@stad.nl"): it carries an
    e-mail or web address."""
    return bool(_ADDRESS.search(sentence))


def off_contact(sentence: str, question: str) -> bool:
    """A contact line that is no answer to the question: it answers only a question about it,
    one that shares a word with it besides the address ("Bij wie kon je terecht voor meer
    informatie ...?"); "Wie trok de themagroep?" is not answered by whom to write to."""
    return is_contact(sentence) and not content_tokens(_ADDRESS.sub(" ", sentence)) & \
        content_tokens(question)


_MONTHS = {name: n for n, names in enumerate((
    "januari january", "februari february", "maart march", "april", "mei", "juni june",
    "juli july", "augustus august", "september", "oktober october", "november", "december"),
    1) for name in names.split()}
# English "may" is mostly the verb: a month only beside a day or a year ("15 May", "May 2024").
_MAY = re.compile(r"\b\d{1,2}\s+may\b|\bmay\s+\d", re.I)


def months(text: str) -> set[int]:
    """The months a text names (1-12), Dutch or English: dates are facts, lower case or not."""
    found = {_MONTHS[w] for w in re.findall(r"[a-z]+", fold(text)) if w in _MONTHS}
    return found | ({5} if _MAY.search(text) else set())


def unknown_facts(sentence: str, passage: str, question: str = "") -> list[str]:
    """Numbers, months, names and e-mail/web addresses of a sentence that neither the passage
    nor the question contains (an address must be there exactly: "tjeerd.leistra@oss.nl" is
    not "t.leistra@oss.nl")."""
    addresses = [a.rstrip(".,;:") for a in _ADDRESS.findall(sentence)]
    # The digits and names inside an address are checked with the address itself.
    rest = _ADDRESS.sub(" ", sentence)
    allowed_nums = numbers(passage) | numbers(question)
    missing = [n for n in numbers(rest) if n not in allowed_nums]
    missing += [f"month {m}" for m in months(rest) - months(passage) - months(question)]
    folded = fold(passage) + " " + fold(question)
    # A month's name is checked as a month: "March" is "maart".
    missing += [n for n in names(rest) if fold(n) not in folded and not months(n)]
    missing += [a for a in addresses if a.lower() not in passage.lower() + " " + question.lower()]
    return missing


# Words every answer may use without saying anything: the network's and pillar's own names.
_GENERIC = {"economie", "economy", "werk", "work", "steden", "cities", "themagroep", "netwerk"}


@lru_cache(maxsize=1)
def _generic_tokens() -> frozenset[str]:
    return frozenset(content_tokens(" ".join(_GENERIC)))


def new_words(sentence: str, question: str) -> set[str]:
    """Content words of a sentence that the question and the network's own names lack."""
    return content_tokens(sentence) - content_tokens(question) - _generic_tokens()


def added_words(sentence: str, question: str) -> int:
    """How much a sentence says beyond the question: its new content words (names among them)
    and numbers ("De themagroep kwam 6 keer bijeen" adds one to "Hoe vaak kwam de themagroep
    bijeen?")."""
    return len(new_words(sentence, question) | (numbers(sentence) - numbers(question)))


def adds_information(sentence: str, question: str) -> bool:
    """Whether a sentence says more than the question: a new content word, number or name.

    A small model often "answers" by restating the question with a citation; that is no answer.
    """
    if added_words(sentence, question):
        return True
    return any(fold(n) not in fold(question) and fold(n) not in _GENERIC for n in names(sentence))


def overlap(sentence: str, passage: str) -> float:
    """Share of the sentence's content words that occur in the passage."""
    s = content_tokens(sentence)
    if not s:
        return 1.0
    return len(s & content_tokens(passage)) / len(s)


def language(text: str) -> str:
    """'nl', 'en' or 'other' (non-Latin script), from function words."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(1 for c in letters if c.isascii() or "à" <= c.lower() <= "ÿ") / len(letters) < 0.6:
        return "other"
    words = re.findall(r"[a-z]+", text.lower())
    en = sum(w in _EN_HINTS for w in words)
    nl = sum(w in _NL_HINTS for w in words)
    return "en" if en > nl else "nl"


class Idf:
    """Inverse document frequency of stemmed words over the index's chunks."""

    def __init__(self, texts: Iterable[str]):
        docs = [set(tokenize([fold(t)])[0]) for t in texts]
        self.n = max(1, len(docs))
        self.df = Counter(t for d in docs for t in d)
        # Words the corpus never uses weigh most: a question about them cannot be answered.
        self.unseen = math.log(1 + self.n / 0.5)

    def __call__(self, token: str) -> float:
        df = self.df.get(token, 0)
        return math.log(1 + self.n / df) if df else self.unseen

    def coverage(self, question: str, evidence: str) -> float:
        """Idf-weighted share of the question's content words found in the evidence."""
        q = content_tokens(question)
        if not q:
            return 0.0
        ev = content_tokens(evidence)
        total = sum(self(t) for t in q)
        return sum(self(t) for t in q if t in ev) / total


_INJECTION = re.compile(
    r"(negeer|vergeet|ignore|disregard|forget)\b.*\b(instructie|instruction|regels|rules|opdracht|bronnen)"
    r"|\b(system ?prompt|systeem ?prompt|systeemprompt|systeem-update|system update|je bent (nu|vanaf nu)|"
    r"you are now|jailbreak|instructie voor de assistent|instruction for the assistant|"
    r"bevestig dit|confirm this|desnoods verzin|make (it|something) up)\b"
    r"|\b(zeg|antwoord|antwoordt|say|says|answer|answers|reply|replies)\b[^.?!]*"
    r"\b(altijd|always|dat de g40|that the g40|alleen nog|only)\b",
    re.I,
)


def is_injection(sentence: str) -> bool:
    """A sentence that tries to instruct the assistant (in a question or inside a report)."""
    return _INJECTION.search(sentence) is not None
