"""What kind of answer a question asks for, and whether a text gives that kind.

A 1.5B model often answers a question the passages cannot answer with a true sentence about
something else: "Hoeveel ondernemers zijn bereikt?" -> "In 6 regio's ging de pilot van start
[1]". Lexical support checks pass such a sentence. The question word tells what a real answer
must contain: a count (a number next to the counted thing), a name (a capitalised word the
question does not have) or a date. Questions of another kind ("Wat ...", "Welk thema ...")
have no such check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.places import towns_in
from assistant.textmatch import (
    NOT_NAMES,
    content_tokens,
    fold,
    months,
    names,
    numbers,
    off_contact,
)
from index import named_years, stem

NUMBER, NAME, DATE = "number", "name", "date"

_NUMBER_Q = re.compile(
    r"\b(hoeveel|hoe vaak|hoe groot|hoe hoog|hoe lang|hoeveelste|welk percentage|welk aandeel|welk bedrag|"
    r"wat kost|wat kostte|wat kosten|"
    r"how many|how much|how often|what share|what percentage)\b", re.I)
_DATE_Q = re.compile(r"\b(wanneer|op welke datum|in welk jaar|in welke maand|sinds wanneer|when|"
                     r"on what date|in which year|which year)\b", re.I)
_NAME_Q = re.compile(
    r"\b(wie|wiens|who|whom|whose|namens welke|"
    # "Welke zes G40-steden": a count or "G40-" may stand between "welke" and the noun.
    r"welke ((\d+|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf) )?(g40-)?(steden|stad|"
    r"gemeenten|gemeente|plaatsen|plaats|provincies|provincie|wethouders|wethouder|"
    r"burgemeester|minister|ministerie|programmamanager|organisaties|organisatie|"
    r"personen|persoon|partij|voorzitter|trekker|secretaris|commissie|universiteit|bureau|"
    r"adviesbureau|kennisnetwerk)|welk (gebouw|bedrijf|ministerie|bureau|adviesbureau|"
    r"kennisnetwerk)|which (cities|city|municipality|organisation|organization|person|alderman|"
    r"committee|building))\b", re.I)
# "Waar werd de netwerkdag gehouden?" asks for a place; "Waar richt de samenwerking zich op?"
# does not: Dutch splits "waarop" and leaves its preposition at the end of the clause.
_WHERE = re.compile(r"^\s*(en\s+)?(waar|where)\b", re.I)
# The preposition stands without its noun: at the end, before a subordinate clause ("Waar
# pleit de G40 voor als het gaat om ...?"), or before the verbs that close the clause ("Waar
# heeft de themagroep aan gewerkt?", "Waar was zij mee bezig?"): one participle (ge-) or
# infinitive (-en) as the last word, where a place question has the preposition's noun ("in
# Breda", "voor werken gepresenteerd").
_VERB_FORM = r"(ge\w+|\w+en|bezig)"
_PARTICLE = re.compile(r"\b(aan|achter|bij|door|in|mee|na|naar|om|onder|op|over|tegen|toe|uit|van|"
                       r"voor|vandaan|heen|about|for|from|to|on|with)\s*($|(als|dat|omdat|wanneer|"
                       rf"zodat|if|when)\b|\s{_VERB_FORM}\s*$)", re.I)
# "Hoe vaak ...?" is also answered without a number: "maandelijks", "elke week".
_FREQUENCY_Q = re.compile(r"\b(hoe vaak|how often)\b", re.I)
_FREQUENCY = re.compile(r"\b((twee)?(dage|weke|maande|jaar)lijks|(elke|iedere|per) (dag|week|maand|"
                        r"kwartaal|jaar)|(daily|weekly|monthly|yearly|annually|every (day|week|"
                        r"month|quarter|year)))\b", re.I)
# Reports narrate meetings: "In oktober besprak de themagroep de voorbereiding op de Top" dates
# the discussion, not the Top. A date in a clause with one of these words answers "Wanneer
# was de Top?" only when the question is itself about the discussion ("Wanneer besprak ...?").
# Word forms, not prefixes: "prat" would also be "praktijk".
_DISCUSSION = re.compile(
    r"\b(bespr(eken|eekt|ak|aken|eking|ekingen)|besproken|spr(eken|eekt|ak|aken)|gesproken|"
    r"praten|praatten|gepraat|overleg(gen|d|de|den)?|discussie(s|erden|erde)?|gediscussieerd|"
    r"agend(eren|eerde|eerden)|geagendeerd|voorbereid(ing|ingen|en)?|gesprek(ken)?|"
    r"discuss(ed|ion|ions)|talked|spoke|prepar(ed|ation|ing))\b", re.I)
# A clause ends at a punctuation mark or where a subordinate one begins ("..., dat op 13
# oktober verscheen" dates the programme, whatever the main clause did).
_SUBORDINATE = r"\b(?=(?:dat|die|waar\w*|toen|nadat|omdat|terwijl|welke|which|that|when|after)\b)"
_CLAUSE = re.compile(rf"[,;:()]|{_SUBORDINATE}", re.I)
# A name in parentheses belongs to the clause of the noun before it ("Floor Vermeulen
# (Netwerk Kennissteden Nederland) was te gast").
_NAME_CLAUSE = re.compile(rf"[,;:]|{_SUBORDINATE}", re.I)
# "Wie is/was/waren de <role> ...?" at the start of a clause: the question asks who holds it.
_ROLE_Q = re.compile(r"(?:^|[,;:]|\ben)\s*wie\s+(?:is|was|waren|zijn|werd|werden|wordt|worden)\s+"
                     r"(?:er\s+)?(?:in\s+\d{4}\s+)?(?:de|het)\s+(?P<first>[^\W\d_]+)"
                     r"(?:\s+(?P<second>[^\W\d_]+))?", re.I)
_PLACE = re.compile(r"steden|stad|gemeente|plaats|provincie|cit(y|ies)|municipality", re.I)
# Acronyms name organisations too ("UWV", "EKEM"); the names pattern wants lower case after
# the capital.
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
# After "hoeveel", adjectives end in -e ("nieuwe regionale werkcentra"); the counted thing
# is the first word that does not, and the word after it when that may be the real head of a
# compound written as two words ("mkb bedrijven"); without a part-of-speech tagger it may also
# be a verb ("steden nemen deel"), so a count next to either word will do. Verbs and function
# words end the phrase.
_PHRASE_END = {"zijn", "waren", "is", "was", "werd", "werden", "wordt", "worden", "er", "heeft",
               "hebben", "had", "hadden", "doen", "deden", "telt", "kwam", "kwamen", "trok",
               "vraagt", "ging", "gingen", "wil", "wilde", "in", "van", "de", "het", "did",
               "do", "does", "are", "were", "have", "has", "of", "per", "the"}
_NEAR = 4  # tokens between a number and the counted thing
# A unit's sign is its word: "15%" counts "procent", "€ 5 miljoen" counts "euro" (the sign
# stands before its amount, the word after it).
_CURRENCY = re.compile(r"€\s*([\d.,]+(?:\s+(?:miljoen|miljard))?)")


_TWO_ASKS = re.compile(r"\ben\s+(\w+\s+)?(wie|wat|welk|welke|waar\w*|wanneer|hoe|hoeveel)\b|"
                       r"\band\s+(\w+\s+)?(who|what|which|where|when|how)\b", re.I)


def two_in_one(question: str) -> bool:
    """A second ask after the first one's words, in one question ("Wie sprak er, en
    waarover?"); not the "En ..." that opens a follow-up."""
    m = _TWO_ASKS.search(question)
    return bool(m and question[: m.start()].strip(" ,;"))


def asks_two(question: str) -> bool:
    """Two questions in one ("..., en tot welk pact ...?") or two years ("in 2023 en in 2024")."""
    return bool(_TWO_ASKS.search(question)) or len(named_years(question)) >= 2


def _cut(question: str) -> list[str]:
    """The question cut where a second ask begins ("..., en tot welk pact ...?"), each part a
    question of its own; one part when there is no second ask."""
    m = _TWO_ASKS.search(question)
    if not m:
        return [question]
    first = question[: m.start()].rstrip(" ,;") + "?"
    second = re.sub(r"^(en|and)\s+", "", question[m.start():], flags=re.I)
    return [first, second[:1].upper() + second[1:]]


def split_asks(question: str) -> list[str]:
    """The asks of a question, each as a question of its own: "Wanneer ..., en tot welk pact
    ...?" -> ["Wanneer ...?", "Tot welk pact ...?"]. A second ask that leans on the first for
    its subject ("en hoeveel in 2025?") stays joined to it."""
    parts = _cut(question)
    if len(parts) == 2 and min(len(content_tokens(p)) for p in parts) < 2:
        return [question]
    return parts


def search_words(question: str) -> bool:
    """Typed as search words, not as a sentence ("werkconferentie uwv 2024 stad"): no closing
    punctuation. The words name what is sought but state no relation between them."""
    text = question.strip()
    return bool(text) and text[-1] not in ".?!:;)]\"'"


def typed_ask(question: str) -> bool:
    """Whether any ask of the question wants a count, name or date, also when its asks stay
    joined ("Hoeveel ... in 2024 en hoeveel in 2025?", which is answered as one)."""
    return any(answer_type(part).kind is not None for part in _cut(question))


@dataclass(frozen=True)
class AnswerType:
    kind: str | None  # NUMBER, NAME, DATE or None (no check)
    counted: str = ""  # for NUMBER after "hoeveel": the counted thing, folded ("ondernemers");
    # two words when the second may be its head ("mkb bedrijven")
    place: bool = False  # NAME of a city, municipality or province: never an acronym
    town: bool = False  # NAME of a city or municipality ("In welke stad ...?"): a town answers
    frequency: bool = False  # NUMBER after "hoe vaak": a frequency word answers too


def answer_type(question: str) -> AnswerType:
    """The kind of answer the question asks for. Questions with two asks are not typed."""
    if _TWO_ASKS.search(question):
        return AnswerType(None)
    # The question word leads its clause ("In welke stad ...", "..., how many pilots ...");
    # a "wie" further on is a relative pronoun ("voor mensen voor wie ...").
    clauses = re.split(r"[,:;?]", question)
    heads = [" ".join(clause.split()[:4]) for clause in clauses]
    for head in heads:
        if m := _NUMBER_Q.search(head):
            counted = _counted(head[m.end():] + " " + question.split(head, 1)[-1])
            return AnswerType(NUMBER, counted if m.group(1).lower() == "hoeveel" else "",
                              frequency=_FREQUENCY_Q.search(m.group(0)) is not None)
    for clause, head in zip(clauses, heads, strict=True):
        if _DATE_Q.search(head):
            return AnswerType(DATE)
        if m := _NAME_Q.search(head):
            place = _PLACE.search(m.group(0)) is not None
            # A province is no town: its answer keeps the name check.
            return AnswerType(NAME, place=place, town=place and "provinc" not in m.group(0).lower())
        if _WHERE.match(head) and not _PARTICLE.search(clause):
            return AnswerType(NAME, place=True)
    return AnswerType(None)


def _counted(rest: str) -> str:
    words = re.findall(r"[\w'’-]+", fold(rest))
    for i, word in enumerate(words[:4]):
        if word in _PHRASE_END:
            return ""
        if not word.endswith("e"):
            after = words[i + 1] if i + 1 < len(words) else ""
            compound = after and after not in _PHRASE_END and content_tokens(after) \
                and not after.isdigit()
            return " ".join([word, after] if compound else [word]).replace("’", "'")
    return ""


def _stem(word: str) -> str:
    # "regio's" and "regios" are one word to a reader; Snowball does not know the apostrophe.
    return stem(fold(word).replace("’", "").replace("'", ""))


def fits(text: str, question: str, kind: AnswerType | None = None) -> bool:
    """Whether ``text`` gives the kind of answer ``question`` asks for (always true if untyped)."""
    t = kind or answer_type(question)
    if t.kind == NUMBER:
        if t.frequency and _FREQUENCY.search(text):
            return True
        new = numbers(text) - numbers(question)
        if not new:
            return False
        return not t.counted or any(_number_near(text, w) for w in t.counted.split())
    if t.kind == DATE:
        return any(_has_date(clause, question) and (not _DISCUSSION.search(clause)
                                                    or _DISCUSSION.search(question))
                   for clause in _CLAUSE.split(text) if clause)
    if t.kind == NAME and t.town:
        # Any capitalised word would pass as a name ("... aangeboden aan minister Adriaansens"
        # for "In welke stad ...?"); a town must be named, one the question does not name.
        return bool(towns_in(text) - towns_in(question))
    if t.kind == NAME:
        asked = set(re.findall(r"\w+", fold(question)))  # words: "Ede" is not in "bestede"
        # Word by word: "Netwerk Kennissteden Nederland" is not new when the question has
        # "Netwerk Kennissteden" ("Nederland" is no answer to "In welke stad").
        found = {w for n in names(text) for w in n.replace("-", " ").split()}
        if not t.place:
            found |= set(_ACRONYM.findall(text))
        words = re.findall(r"[\w-]+", text)
        if 0 < len(words) <= 5 and words[0][:1].isupper():  # a bare answer: "Amersfoort [1]."
            found.add(words[0])
        return any(fold(w) not in asked and w not in NOT_NAMES
                   and not _abbreviates(w, question) for w in found)
    return True


def named_in_clause(sentence: str, question: str) -> bool:
    """Whether the new name a report sentence gives stands in a clause that speaks of the
    question (shares a content word with it). "Wie sprak namens UWV op het symposium ...?" is
    not answered by "Hoogtepunten waren het symposium met UWV, en het aanbieden van het
    actieplan met koningin Maxima": the name is in the clause about something else."""
    asked, kind = content_tokens(question), answer_type(question)  # read once, not per clause
    return any(clause and content_tokens(clause) & asked and fits(clause, question, kind)
               for clause in _NAME_CLAUSE.split(sentence))


def _abbreviates(word: str, question: str) -> bool:
    """Whether ``word`` is an acronym of a name the question gives ("NKN" of "Netwerk
    Kennissteden Nederland", "EZK" of "Economische Zaken en Klimaat"): the same thing, so
    no new name. The initials are those of capitalised words in a row, short lower-case
    words between them ("en", "van") left out; any other word ends the row, so initials of
    unrelated words ("richting wil men") never spell an acronym."""
    if len(word) < 3 or not _ACRONYM.fullmatch(word):  # two letters match by chance
        return False
    initials = "".join(w[0] if w[0].isupper() else "" if len(w) <= 3 else "|"
                       for w in re.findall(r"\w+", question))
    return word in initials


def _has_date(text: str, question: str) -> bool:
    return bool(numbers(text) - numbers(question)) or bool(months(text))


def _number_near(text: str, counted: str) -> bool:
    """A number within a few words before the counted thing ("6 regio's", "drie keer")."""
    # The head of a hyphenated compound is its last part: "6 G40-steden" counts "steden".
    counted_stem = _stem(counted.split("-")[-1])
    text = _CURRENCY.sub(r"\1 euro", text.replace("%", " procent"))
    words = re.findall(r"[\w'’.,%-]+", fold(text))
    for i, word in enumerate(words):
        if not any(counted_stem in _stem(part) for part in word.split("-")):
            continue
        window = " ".join(words[max(0, i - _NEAR) : i])
        if numbers(window):
            return True
    return False


def joined_asks(question: str) -> list[tuple[str, AnswerType]]:
    """The typed asks of a question whose asks stay joined ("Op welke datum ..., en met
    hoeveel G40-steden?"), each with its own question text; empty when the question is
    typed as a whole or has an untyped ask (that one cannot be checked)."""
    parts = _cut(question)
    if len(parts) < 2:
        return []
    typed = [(part, answer_type(part)) for part in parts]
    return typed if all(t.kind is not None for _, t in typed) else []


def dates_asked(texts: list[str], question: str) -> bool:
    """Whether every ask of the question that wants a date, also one beside an untyped ask
    ("Wanneer was de Top, en wat kwam daaruit?"), is dated by one of ``texts`` (the sentences
    an answer stands on) as ``fits`` dates it: not by the date of a discussion of it. True
    for a question without a date ask."""
    asked = [(part, t) for part, t in ((p, answer_type(p)) for p in _cut(question))
             if t.kind == DATE]
    return all(any(fits(text, part, t) for text in texts) for part, t in asked)


def answered_by(texts: list[str], question: str) -> bool:
    """Whether the sentences an answer stands on can answer the question at all: every date
    it asks is dated by them (``dates_asked``), the role it asks the holder of is named in
    them (``role_named``), and they are not only lines of whom to write to that the question
    is not about (``off_contact``). False for no sentences."""
    return dates_asked(texts, question) and role_named(texts, question) \
        and not all(off_contact(t, question) for t in texts)


def asked_role(question: str) -> str:
    """The role a question asks the holder of ("Wie is de voorzitter van ...?" -> "voorzitter",
    "..., en wie waren de trekkers?" -> "trekkers"; an adjective before it is passed over:
    "Wie werd de nieuwe voorzitter?"), or "" when it asks none."""
    m = _ROLE_Q.search(question)
    if not m:
        return ""
    first, second = m.group("first"), m.group("second")
    return second if second and first.lower().endswith("e") else first


def role_named(texts: list[str], question: str) -> bool:
    """Whether the sentences name the asked role at all (as a word or the head of a compound:
    "pijlervoorzitter"). A name beside other words is no holder of the role: "Floor Vermeulen
    (Netwerk Kennissteden Nederland) was te gast" does not say who chairs that network."""
    role = asked_role(question)
    if not role:
        return True
    head = _stem(role)
    return any(head in word for word in re.findall(r"\w+", fold(" ".join(texts))))


def fits_all(text: str, asks: list[tuple[str, AnswerType]]) -> bool:
    """Whether ``text`` gives an answer of the right kind to each of the asks."""
    return all(fits(text, part, kind) for part, kind in asks)
