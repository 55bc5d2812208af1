"""Read the model's reply to one ask into a checked answer part.

Free text (``repair``): every [n] is checked against the windows it cites and repaired or
dropped. Claims (``claims``): every claim is checked against the sentences it names. Either way
a reply that only restates the question, or is not the kind of answer asked for ("Hoeveel ...?"
answered without a count), is no answer: then an evidence sentence that answers is quoted, and
when none does, the part is empty (the caller refuses).
"""

from __future__ import annotations

from assistant import prompts
from assistant.answers import Part, narrow, quote_evidence
from assistant.answertype import (
    AnswerType,
    answer_type,
    answered_by,
    fits,
    fits_all,
    joined_asks,
    search_words,
    two_in_one,
)
from assistant.citations import Similarity, check_citations, sentences_of, split_answer
from assistant.claims import parse_reply, verify
from assistant.evidence import EvidenceItem
from assistant.query import Ask
from assistant.textmatch import (
    Idf,
    added_words,
    adds_information,
    fold,
    names,
    new_words,
    numbers,
)
from config import AssistantSettings
from ingest import split_sentences


def read_reply(raw: str, ask: Ask, evidence: list[EvidenceItem], given: list[EvidenceItem],
               lang: str, rules: AssistantSettings, idf: Idf, similarity: Similarity | None) -> Part:
    """``evidence``: the windows of the prompt; ``given``: what the model saw numbered (the
    windows, or in the claims mode their sentences); ``rules``: the mode and thresholds."""
    kind = answer_type(ask.bare)
    # Two typed asks kept as one question ("Op welke datum ..., en met hoeveel steden?"): the
    # model often answers one and fills the other with any sentence.
    asks = joined_asks(ask.bare)
    flagged: list[str] = []
    if rules.answer_mode == "claims":
        reply = parse_reply(raw)
        if reply is not None:
            verified = verify(reply, given, ask.checked, similarity=similarity)
            said = [t for t, _ in split_answer(verified.text)]
            if any(fits(t, ask.bare, kind) for t in said) \
                    and answered_by([i.text for i in verified.items], ask.bare):
                return Part(verified.text, verified.items, verified.dropped, " ".join(said))
            flagged = verified.dropped + ([verified.text] if verified.text else [])
            if not rules.claims_quote:
                return Part("", [], flagged)
        raw = ""  # no usable structure: the quote below, from the evidence alone
    answer = raw
    if ask.bare != ask.prompt:
        # Given the first answer as context, the model sometimes repeats it.
        kept = [s for s in sentences_of(raw)
                if any(adds_information(t, ask.prompt) for t, _ in split_answer(s))]
        answer = " ".join(kept) if kept else raw
    if prompts.NOT_FOUND not in raw and raw.strip():
        # Section and title count as context: "Sterke keten" is often only in the heading.
        windows = [f"{e.text} ({e.passage.section}, {e.passage.title})" for e in evidence]
        checked = check_citations(answer, windows, ask.checked, similarity=similarity)
        sentences = [text for text, _ in split_answer(checked.text)]
        answers = any(adds_information(t, ask.prompt) and fits(t, ask.bare, kind) for t in sentences)
        items = [narrow(evidence[i], checked.text, n, ask.checked)
                 for n, i in enumerate(checked.order, 1)] if answers else []
        # The cited sentences must be able to answer: a date in them must be the date of what
        # was asked ("In oktober besprak de themagroep de voorbereiding op de Top" does not
        # date the Top), and whom to write to answers only a question about that.
        if answers and answered_by([i.text for i in items], ask.bare):
            if asks and not fits_all(" ".join(sentences), asks):
                # Half an answer: a report sentence that answers every ask is better.
                whole = _quote(ask, evidence, kind, idf, rules, set(), asks)
                if whole is not None:
                    return Part(prompts.QUOTE[lang].format(quote=whole.text.strip()), [whole],
                                checked.dropped)
            # Two asks kept as one ("Wie sprak er, en waarover?") and answered in one
            # sentence: the report sentence it rests on often holds the other answer too. An
            # answer whose names and numbers differ from its sentence's shows the sentence:
            # "startte in 2023" read from the report's title for "Op 14 juni ... van start", or
            # "Het hoofdthema was de arbeidsmarkt" of "... als achilleshiel, met een inleiding
            # van Ton Wilthagen" (a small model shortens where the reader wants it whole).
            any_length = two_in_one(ask.bare) or _differs(sentences, items, ask.bare)
            text = with_sentence(checked.text, items, ask.prompt, rules.fragment_words, lang,
                                 ask.bare)
            source = _cited_sentence(items)
            if search_words(ask.bare) and text == checked.text and source is not None:
                # Search words state no relation between them: a sentence the model builds
                # around them often states one the report does not (a meeting "organised by"
                # whom it was held "with"). More than a short value: the report's own sentence.
                return Part(prompts.QUOTE[lang].format(quote=source), items, checked.dropped,
                            " ".join(sentences))
            if rules.fragment_words and any_length:
                text = with_sentence(checked.text, items, ask.prompt, None, lang, ask.bare)
            return Part(text, items, checked.dropped, " ".join(sentences))
        flagged = checked.dropped + ([checked.text] if checked.text else [])
    # A sentence that only restates the question still points at the window where the model
    # found its topic (even when the question's words are not in it, and so the sentence was
    # dropped).
    pointed = {id(evidence[n - 1]) for text, cited in split_answer(raw)
               if not adds_information(text, ask.prompt) for n in cited if 1 <= n <= len(evidence)}
    quote = (_quote(ask, evidence, kind, idf, rules, pointed, asks) if asks else None) \
        or _quote(ask, evidence, kind, idf, rules, pointed)
    if quote is None:
        return Part("", [], flagged)
    return Part(prompts.QUOTE[lang].format(quote=quote.text.strip()), [quote], flagged)


def _quote(ask: Ask, evidence: list[EvidenceItem], kind: AnswerType, idf: Idf,
           rules: AssistantSettings, pointed: set[int],
           asks: list[tuple[str, AnswerType]] | None = None) -> EvidenceItem | None:
    return quote_evidence(ask.quote_on, evidence, kind, idf=idf,
                          min_coverage=rules.min_quote_coverage, pointed=pointed,
                          min_pointed_coverage=rules.min_coverage, asks=asks,
                          min_new_words=rules.quote_new_words,
                          min_own_coverage=rules.quote_own_coverage)


def _cited_sentence(items: list[EvidenceItem]) -> str | None:
    """The one report sentence an answer rests on, when it cites one window of one sentence
    (a window of several cannot be quoted as the answer's sentence)."""
    source = items[0].text.strip() if len(items) == 1 else ""
    return source if source and len(split_sentences(source)) == 1 else None


def _differs(said: list[str], items: list[EvidenceItem], question: str) -> bool:
    """Whether an answer and the sentences it cites differ in what they state beyond the
    question: the answer states a number the sentences lack (a year of the report's title, a
    sum of its own), or the sentences name a person, place or organisation, or state a
    number, that the answer leaves out."""
    told = " ".join([*said, question])
    cited = " ".join(i.text for i in items)
    return bool(numbers(" ".join(said)) - numbers(cited) - numbers(question)) \
        or bool(numbers(cited) - numbers(told)) \
        or any(fold(n) not in fold(told) for n in names(cited))


def with_sentence(answer: str, items: list[EvidenceItem], question: str,
                  fragment_words: int | None, lang: str = "nl", asked: str | None = None) -> str:
    """An answer that adds only a few words to the question with the one report sentence it
    rests on: 'Amersfoort: "De conclusies zijn besproken ... in Amersfoort en Hoorn." [1]'.
    A bare answer ("Amersfoort [1].", "14 juni [1].") and a restatement of the question with
    the answer put in ("De themagroep kwam Sterke keten bijeen 6 keer [1].") alike: what the
    model said beyond the question is a fragment, the sentence makes it Dutch a reader can use
    and shows what it rests on. The short answer stays first, to be read at a glance, unless
    it says what neither the question nor the sentence says (then the sentence alone; only for
    Dutch: an English answer is in other words by nature; ``asked``: the ask alone, when the
    ``question`` the model got holds an earlier answer, whose words support nothing here). Only for
    one sentence citing one sentence (a window of several cannot be quoted as one) that adds
    at most ``fragment_words`` content words, numbers and names to the question (None: any
    answer)."""
    said = split_answer(answer)
    source = _cited_sentence(items)
    if len(said) != 1 or said[0][1] != [1] or source is None:
        return answer
    bare = said[0][0].rstrip(" .")
    if fragment_words is not None and added_words(bare, question) > fragment_words:
        return answer
    if not new_words(source, f"{bare} {question}"):  # the answer is the sentence: once is enough
        return answer
    if lang == "nl" and _unsaid(bare, f"{source} {question if asked is None else asked}"):
        # The short answer says what its sentence does not ("De themagroep vergaderde drie keer
        # tijdens de netwerkdagen" of "... drie keer via ms teams"): the sentence alone.
        return prompts.QUOTE[lang].format(quote=source)
    return f'{bare}: "{source}" [1]'


def _unsaid(answer: str, told: str) -> set[str]:
    """Content words of an answer that the ``told`` text lacks; a number word counts as its
    number ("zes" for "6")."""
    known = numbers(told)
    return {w for w in new_words(answer, told) if not (numbers(w) and numbers(w) <= known)}
