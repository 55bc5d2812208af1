"""The answer to a narrow question, one ask at a time: evidence windows -> the model's reply ->
the reply read and checked (``reply``), else a quoted evidence sentence, else nothing.

A question with two asks ("Wanneer ..., en aan wie ...?") gets each its own evidence and
answer; a follow-up is first answered from the sentences around the one the last answer was
built from (``locus``); an ask for a list of stated length gets the list the reports announce
(``listing``). The model is used through the gate: one generation at a time, and every waiter
told its place in line.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, replace

from assistant import prompts
from assistant.answers import Part
from assistant.answertype import asks_two
from assistant.chat import ChatMessage, Schema
from assistant.claims import claim_texts, format_sentences, numbered_sentences, schema
from assistant.evidence import EvidenceItem, format_passages, select_evidence
from assistant.gate import LLMGate
from assistant.listing import find_list, list_answer, list_ask
from assistant.locus import locus_evidence, told
from assistant.query import Ask, Query
from assistant.reply import read_reply
from assistant.textmatch import Idf, adds_information, content_tokens
from assistant.types import Event, Token, Waiting
from config import Settings
from index import Passage, Retriever, named_years

log = logging.getLogger(__name__)

# The chat model's reply as it grows, for these messages (bound by the schema when given).
Generate = Callable[[list[ChatMessage], Schema | None], Iterator[str]]


@dataclass
class Clock:
    """When the question came in, and the timings of its answer as they become known."""

    t0: float
    timings: dict[str, float]

    def first_token(self) -> None:
        if not self.timings["first_token_s"]:
            self.timings["first_token_s"] = time.perf_counter() - self.t0


class FactAnswers:
    """Evidence and checked answers for the asks of a narrow question."""

    def __init__(self, settings: Settings, retriever: Retriever, idf: Callable[[], Idf],
                 gate: LLMGate, generate: Generate) -> None:
        self.settings = settings
        self.retriever = retriever
        self._idf = idf  # made again after a rebuild: asked for each time
        self._gate = gate
        self._generate = generate

    def evidence(self, query: Query, passages: list[Passage]) -> list[EvidenceItem]:
        """The windows the model answers from, best last; none when the passages do not cover
        the question well enough to ask the model at all (the caller refuses)."""
        a, idf = self.settings.assistant, self._idf()
        # Two asks need evidence for each: more windows (measured on the multi-report questions:
        # the facts of both parts were in 2 windows for 7 of 11, in 4 windows for 10 of 11).
        windows = a.evidence_passages * (2 if asks_two(query.model) else 1)
        # Best window last, next to the question: the 1.5B model leans on the nearest passage
        # (measured on the dev split: with the best first it took a count from the other window; best last
        # fixed 8 of 23 failing questions and lost 1 of 23 correct ones).
        evidence = self._windows(query.search, passages, windows)
        coverage = idf.coverage(query.search, " ".join(p.text + " " + p.section + " " + p.title
                                                       for p in passages))
        log.info("coverage %.2f for %r", coverage, query.search)
        # A broad question's words are partly about the reports themselves ("in de stukken",
        # "signaleert"): its refusal is decided by how similar the report sentences are to it
        # (``Overview``), not by how many of its words the passages hold.
        gated = query.lang == "nl" and not query.broad and \
            len(content_tokens(query.search)) >= 2 and coverage < a.min_coverage
        if gated or _unknown_years(query.search, passages):
            return []
        return evidence

    def listed(self, ask: str, passages: list[Passage], lang: str) -> list[EvidenceItem]:
        """For an ask for a list of stated length ("Noem de vier pijlers ..."): the list the
        reports announce, its sentence and each item; else nothing."""
        wanted = list_ask(ask) if self.settings.assistant.lists and lang == "nl" else None
        return find_list(wanted, passages, self.retriever.report_text) if wanted else []

    def at_locus(self, query: Query, history: list[dict[str, str]], evidence: list[EvidenceItem],
                 ask: Ask, lang: str, clock: Clock,
                 filters: tuple[set[int] | None, set[str] | None],
                 ) -> Generator[Event, None, tuple[Part, list[Passage]]]:
        """A follow-up answered from the window around the report sentence the last answer was
        built from (``locus``), with the passage it lies in; an empty part when there is none.
        Only the model's own checked answer, and only one that tells what the conversation has
        not told yet: a quote of the locus, or its sentence read again, would repeat the last
        answer. Then the question's own evidence answers, as for any question."""
        a = self.settings.assistant
        if not (a.follow_up_locus and query.glued):
            return Part("", [], []), []
        spot = locus_evidence(query, history, evidence, self.retriever, self._idf(), a, *filters)
        if spot is None:
            return Part("", [], []), []
        result = yield from self.answer(replace(ask, quote_on=""), [spot], lang, clock)
        if not result.text or not adds_information(result.plain, told(history, query.text)):
            return Part("", [], result.flagged), []
        return result, [spot.passage]

    def answer_asks(self, parts: list[str], passages: list[Passage], everything: list[Passage],
                    lang: str, clock: Clock) -> Generator[Event, None, list[Part]]:
        """Two asks in one question: each gets its own evidence and answer. The 1.5B model
        mixed them up when given both at once (it named the committee of another group). The
        second ask is read after the first one's answer: "welke rol had hij" needs "hij".
        An ask for a list of stated length ("Met welke drie themagroepen ...") is answered by
        the list the reports announce, as a question that asks only that is."""
        results: list[Part] = []
        context = ""
        for i, part in enumerate(parts):
            listed = self.listed(part, everything, lang)
            if listed:
                # The next ask is read after the list's own announcing sentence.
                results.append(Part(list_answer(listed), listed, [], listed[0].text))
                context = listed[0].text
                continue
            # A quote must cover the ask itself; the first answer only helps pick the evidence.
            ask = Ask(f"{context} {part}".strip(), part, part, f"{context} {part}".strip())
            evidence = self._windows(ask.prompt, passages, self.settings.assistant.evidence_passages)
            if i:
                yield Token(" ")
            result = (yield from self.answer(ask, evidence, lang, clock)
                      ) if evidence else Part("", [], [])
            results.append(result)
            context = result.plain or part
        return results

    def answer(self, ask: Ask, evidence: list[EvidenceItem], lang: str,
               clock: Clock) -> Generator[Event, None, Part]:
        """One ask: wait for the model, stream its reply, then read it (``reply``): checked
        citations, else a quoted evidence sentence, else nothing."""
        a = self.settings.assistant
        if a.answer_mode == "extractive":  # the report sentence that answers; no model call
            return read_reply("", ask, evidence, evidence, lang, a, self._idf(), None)
        claims = a.answer_mode == "claims"
        given = numbered_sentences(evidence) if claims else evidence
        raw = shown = ""
        ticket = self._gate.join()
        try:
            waited = 0.0
            while not self._gate.enter(ticket, timeout=waited):
                if self._gate.ahead(ticket):  # other questions, not the short cache restore
                    yield Waiting(self._gate.ahead(ticket), self._gate.estimate_s(ticket))
                waited = 1.0
            for delta in self._reply(ask.prompt, given, lang):
                raw += delta
                # Claims: the text fields as they grow. Free text: held back until it is clear
                # the model is not saying NOT_FOUND.
                text = claim_texts(raw) if claims else (
                    raw if len(raw) > len(prompts.NOT_FOUND) and not raw.lstrip().startswith("NIET")
                    else "")
                if len(text) > len(shown) and text.startswith(shown):
                    clock.first_token()
                    yield Token(text[len(shown):])
                    shown = text
        finally:  # done, failed, or the stream was closed (cancel, closed tab): free the place
            self._gate.leave(ticket)
        log.info("raw answer: %r", raw)
        return read_reply(raw, ask, evidence, given, lang, a, self._idf(),
                          self._similarity if lang == "en" else None)

    def _reply(self, question: str, evidence: list[EvidenceItem], lang: str) -> Iterator[str]:
        """The model's reply in the configured mode: free text over numbered passages, or JSON
        claims over numbered sentences (constrained by their schema)."""
        a = self.settings.assistant
        if a.answer_mode == "claims":
            return self._generate(prompts.claims_messages(format_sentences(evidence), question, lang),
                                  schema(len(evidence), a.max_claims))
        return self._generate(prompts.answer_messages(format_passages(evidence), question, lang), None)

    def _windows(self, question: str, passages: list[Passage], limit: int) -> list[EvidenceItem]:
        """The best windows for the question, best last (next to the question)."""
        return select_evidence(question, passages, self._idf(), limit,
                               self.settings.assistant.evidence_chars)[::-1]

    def _similarity(self, sentence: str, passage: str) -> float:
        """How close an (English) answer sentence is to the passage it cites."""
        model = self.retriever.embed_model
        a = model.get_query_embedding(sentence)
        b = model.get_text_embedding(passage)
        dot = sum(x * y for x, y in zip(a, b, strict=True))
        norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
        return dot / norm if norm else 0.0


def _unknown_years(question: str, passages: list[Passage]) -> bool:
    """The question names years, and no retrieved passage mentions or is from any of them
    ("in 2021"). With one of two years known, a partial answer can still be given."""
    asked = named_years(question)
    known = {p.year for p in passages} | named_years(" ".join(p.text for p in passages))
    return bool(asked) and not asked & known
