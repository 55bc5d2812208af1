"""The assistant: question (+ history) -> checked Dutch answer with citations, as a stream.

Steps: understand the question (``understand``: clean it, rewrite a follow-up, translate English
for retrieval, recognise a broad question) -> hybrid retrieval -> evidence sentences ->
sufficiency check -> per ask (a question with two asks is answered one ask at a time):
generation -> reading the reply (``reply``: citation check, answer-type check), else a quoted
evidence sentence that answers, else a refusal. A broad question (``overview``) skips the model: its answer is the report
sentences of the relevant sections, each cited. Refusals are decided by evidence (coverage of
the question and its years by the passages, the model's own NOT_FOUND, whether any sentence
survives the checks), never by the model alone.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from pathlib import Path

from assistant import prompts
from assistant.answer_cache import AnswerCache
from assistant.answers import Part, citation, join_parts
from assistant.answertype import asks_two, split_asks
from assistant.chat import ChatMessage, ChatModel, Schema
from assistant.claims import claim_texts, format_sentences, numbered_sentences, schema
from assistant.evidence import (
    Closeness,
    EvidenceItem,
    format_passages,
    paragraph_span,
    select_evidence,
)
from assistant.gate import LLMGate
from assistant.listing import find_list, list_answer, list_ask
from assistant.llm import describe_failure, get_llm, llm_label, prefix_file, shutting_down, slot
from assistant.locus import locus_evidence, told
from assistant.overview import Overview
from assistant.places import towns_in
from assistant.query import Ask, Query, clean_history, glued
from assistant.reply import read_reply
from assistant.spelling import Speller, load_word_lists
from assistant.textmatch import Idf, adds_information, content_tokens
from assistant.types import Answer, Citation, Event, Evidence, Final, Token, Waiting
from assistant.understand import Understanding
from config import Settings
from index import Passage, ReportCards, Retriever, named_years, unit_rows

log = logging.getLogger(__name__)


class Assistant:
    """Answers questions about the indexed reports. One instance per process is enough."""

    def __init__(self, settings: Settings, retriever: Retriever | None = None,
                 llm: ChatModel | None = None):
        self.settings = settings
        self.retriever = retriever or Retriever(settings)
        self._llm = llm
        # The index's words, as word weights and as a speller; made again after a rebuild.
        self._words: tuple[str, Idf, Speller] | None = None
        # One generation at a time (the CPU cannot do two well); the line tells each waiter its place.
        self._gate = LLMGate()
        self._cache = AnswerCache(settings.assistant.answer_cache)
        self._llm_calls = 0  # counted, so each stream knows whether it changed llama.cpp's cache
        self.overview = Overview(settings, self.retriever)
        self.cards = ReportCards(settings, self.retriever)
        self.understanding = Understanding(  # reads ``overview`` when asked: it may be swapped
            settings, self._complete, self.speller, lambda q, lang: self.overview.is_broad(q, lang))
        self._prefix_file: Path | None = None

    @property
    def llm(self) -> ChatModel:
        if self._llm is None:
            self._llm = get_llm(self.settings)
        return self._llm

    def _index_words(self) -> tuple[Idf, Speller]:
        state = self.retriever.state()
        if self._words is None or self._words[0] != state.name:
            texts = [c.search_text for c in state.chunks.values()]
            a = self.settings.assistant
            self._words = (state.name, Idf(texts),
                           Speller(texts, a.spelling_min_chars, a.spelling_two_edits_chars))
        return self._words[1], self._words[2]

    def idf(self) -> Idf:
        """Word weights over the indexed chunks."""
        return self._index_words()[0]

    def speller(self) -> Speller:
        """Knows the words of the indexed reports."""
        return self._index_words()[1]

    def context(self, source: str, start: int, end: int, margin: int = 700) -> tuple[str, str, str]:
        """(before, passage, after) from the cleaned report text, for showing a citation in place."""
        text = self.retriever.report_text(source)
        lo, hi = paragraph_span(text, start, end, margin)
        return text[lo:start], text[start:end], text[end:hi]

    def reports(self) -> dict[str, dict[str, object]]:
        """Metadata of the indexed reports (for filters in the UI)."""
        return self.retriever.reports()

    def warm_up(self) -> None:
        """Load both models and put the fixed prompt prefix (rules + worked examples) into
        llama.cpp's cache, so the first real question does not pay ~20 s for it."""
        self.retriever.retrieve("opwarmen")
        if self.settings.assistant.overview:  # trains the question-kind classifiers once
            self.overview.classifier.is_broad("Wat deed de pijler?")
            self.overview.summaries.is_broad("Vat het jaarverslag samen.")
        if self.settings.assistant.spelling:  # the word lists (~1 s), read only for a likely typo
            load_word_lists()
        towns_in("")  # GeoNames' towns (~0.6 s), else read by the first "In welke stad ...?"
        with self._gate.hold():
            self._prime_cache()

    def wait_idle(self) -> None:
        """Wait until the background cache restore of the last question is done. A person
        reads the answer meanwhile; evals and benchmarks call this between questions so the
        next question's timings do not include it."""
        with self._gate.hold():
            pass

    def warm_llm(self, background: bool = False) -> None:
        """Start the LLM and prime its cache, in line like any turn: a question asked meanwhile
        retrieves its passages and then waits for this. ``background``: the place in line is
        taken now and the work is done in a thread (a fresh process runs it beside the
        embedder's loading)."""
        ticket = self._gate.join(internal=True)

        def run() -> None:
            try:
                with self._gate.hold(ticket):
                    self._prime_cache()
            except Exception as exc:  # the question then reports a broken backend itself
                if not shutting_down():
                    log.warning("warming the LLM failed: %s", exc)

        if background:
            threading.Thread(target=run, name="g40-warm-llm", daemon=True).start()
        else:
            run()

    def _prime_cache(self) -> None:
        messages = prompts.primer(self.settings.assistant.answer_mode)
        try:
            llm = self.llm
            if self.settings.assistant.llm != "embedded" or not self.settings.assistant.prefix_cache:
                llm.chat(messages, max_tokens=1)
                return
            # The state after the fixed prefix is computed once and kept on disk: restoring it
            # takes milliseconds instead of ~10-20 s, and gives the same state every time.
            if self._prefix_file is None:  # named by model, build and prompt: fixed per process
                self._prefix_file = prefix_file(self.settings, messages)
            file = self._prefix_file
            if file.exists() and slot(self.settings, "restore", file):
                return
            llm.chat(messages, max_tokens=1)
            slot(self.settings, "save", file)
        except Exception as exc:
            raise describe_failure(self.settings, exc) from exc

    def _restore_cache(self) -> None:
        """After a question, put llama.cpp's cache back to the warm-up state, in the background.

        The embedded model's answer depends on how much of the prompt the cache already held:
        llama.cpp computes the rest as one batch, and the batch size changes the float results.
        Measured: the same question got another answer after another question. From the same
        cache state, the same question and evidence always get the same answer.
        """
        self.warm_llm(background=True)  # in line now: the next question runs after it

    def ask(self, question: str, history: list[dict[str, str]] | None = None,
            years: set[int] | None = None, sources: set[str] | None = None) -> Answer:
        """The final checked answer (consumes the stream)."""
        final = None
        for event in self.stream(question, history, years, sources):
            if isinstance(event, Final):
                final = event.answer
        assert final is not None
        return final

    def stream(self, question: str, history: list[dict[str, str]] | None = None,
               years: set[int] | None = None, sources: set[str] | None = None) -> Iterator[Event]:
        """Yields Evidence first, then Waiting while other questions use the model, Tokens, and
        one Final with the checked answer. A repeated question is answered from the cache."""
        limit = self.settings.assistant.max_question_chars
        if len(question) > limit:
            yield Evidence("", [])
            yield Final(Answer(question[:limit] + "…", "", prompts.TOO_LONG.format(
                n=len(question), limit=limit), False, [], [], {"retrieval_s": 0.0,
                "first_token_s": 0.0, "total_s": 0.0}, llm_label(self.settings)))
            return
        t0 = time.perf_counter()
        history = clean_history(history)  # read once here; every later step trusts its turns
        key = AnswerCache.key(question, history, years, sources, self.settings.public_dict())
        state = self.retriever.state().name
        cached = self._cache.get(key, state)
        if cached is not None:
            took = time.perf_counter() - t0
            yield Evidence(cached.standalone_question, cached.passages)
            yield Final(replace(cached, timings={"retrieval_s": took, "first_token_s": took,
                                                 "total_s": took, "cached": 1.0}))
            return
        calls = self._llm_calls
        try:
            for event in self._stream(question, history, years, sources):
                if isinstance(event, Final):
                    self._cache.put(key, state, event.answer)
                yield event
        finally:
            if self._llm_calls != calls and self.settings.assistant.llm == "embedded":
                self._restore_cache()

    def _stream(self, question: str, history: list[dict[str, str]] | None,
                years: set[int] | None, sources: set[str] | None) -> Iterator[Event]:
        t0 = time.perf_counter()
        timings = {"retrieval_s": 0.0, "first_token_s": 0.0, "total_s": 0.0}
        query = self.understanding.read(question)
        text, lang = query.text, query.lang

        def finish(answer: str, answered: bool, passages: list[Passage],
                   citations: list[Citation] | None = None, flagged: list[str] | None = None) -> Final:
            timings["total_s"] = time.perf_counter() - t0
            timings["first_token_s"] = timings["first_token_s"] or timings["total_s"]
            return Final(Answer(query.typed, query.standalone, answer, answered, citations or [],
                                passages, timings, llm_label(self.settings), flagged or [], lang,
                                "overview" if query.broad else "fact", query.corrections))

        if not text:
            yield Evidence("", [])
            yield finish(prompts.EMPTY_QUESTION, False, [])
            return
        if lang == "other":
            query = replace(query, standalone=text)
            yield Evidence(text, [])
            yield finish(prompts.REFUSAL["other"], False, [])
            return

        query = replace(query, glued=glued(text, history or []))
        yield Evidence(text, self._first_passages(query.glued or text, years, sources))
        query = self.understanding.understand(query, history or [])
        a = self.settings.assistant
        t_r = time.perf_counter()
        passages = self.retriever.retrieve(query.search, k=a.overview_passages if query.broad else None,
                                           years=years, sources=sources)
        timings["retrieval_s"] = time.perf_counter() - t_r
        yield Evidence(query.standalone, passages)
        # The one-sentence answer is made from the usual few passages; the rest feed the bullets.
        everything, passages = passages, passages[: self.settings.index.top_k]

        evidence = self._evidence(query, passages)
        if not evidence:
            yield finish(prompts.REFUSAL[lang], False, passages)
            return

        # "Noem de vier pijlers ...": the list the reports announce, item by item.
        # (A second ask, "..., en welke commissie ...?", is left to the answer per ask.)
        listed = [] if asks_two(query.model) else self._listed(query.model, everything, lang)
        if listed:
            yield finish(list_answer(listed), True, _shown(everything, [listed[0].passage]),
                         [citation(n, e) for n, e in enumerate(listed, 1)])
            return

        # English stays whole: its evidence is found through the Dutch translation.
        parts = split_asks(query.model) if a.split_asks and lang == "nl" else [query.model]
        extractive = query.broad and not a.overview_model_lead  # the reports' sentences, no model
        if len(parts) == 1 or extractive:
            # Only what the user typed may stand in the answer unchecked: a name the rewrite or
            # the earlier questions brought in must be in the cited sentences like any other.
            whole = Ask(query.model, query.model, query.search, query.text)
            result = Part("", [], [])
            if not (extractive or query.broad):
                result, seen = yield from self._at_locus(query, history or [], evidence, whole,
                                                         lang, timings, t0, (years, sources))
                passages = _shown(passages, seen)
            if not result.text and not extractive:
                tried = result.flagged  # what the locus's answer had to leave out stays listed
                result = yield from self._answer(whole, evidence, lang, timings, t0)
                result = replace(result, flagged=tried + result.flagged)
            if query.broad:
                result, read = self.overview.answer(result, query.search, everything, lang)
                # Every citation lies in a passage shown: the bullets may come from more.
                passages = _shown(everything, read)
            if result.text:
                yield finish(result.text, True, passages,
                             [citation(n, e) for n, e in enumerate(result.items, 1)], result.flagged)
            else:
                yield finish(prompts.REFUSAL[lang], False, passages, flagged=result.flagged)
            return
        results = yield from self._answer_asks(parts, passages, everything, lang, timings, t0)
        joined_text, items = join_parts(results, parts, lang)
        # A list is read on in its report: every citation lies in a passage shown.
        passages = _shown(passages, [i.passage for r in results for i in r.items])
        flagged = [f for r in results for f in r.flagged]
        if items and query.broad:  # "Wat wil X bereiken, en hoe is dat verwoord?"
            joined, read = self.overview.answer(Part(joined_text, items, flagged), query.search,
                                              everything, lang)
            joined_text, items = joined.text, joined.items
            passages = _shown(everything, [*passages, *read])
        if not items:
            yield finish(prompts.REFUSAL[lang], False, passages, flagged=flagged)
            return
        yield finish(joined_text, True, passages,
                     [citation(n, e) for n, e in enumerate(items, 1)], flagged)

    def _evidence(self, query: Query, passages: list[Passage]) -> list[EvidenceItem]:
        """The windows the model answers from, best last; none when the passages do not cover
        the question well enough to ask the model at all (the caller refuses)."""
        a, idf = self.settings.assistant, self.idf()
        # Two asks need evidence for each: more windows (measured on the multi-report questions:
        # the facts of both parts were in 2 windows for 7 of 11, in 4 windows for 10 of 11).
        windows = a.evidence_passages * (2 if asks_two(query.model) else 1)
        # Best window last, next to the question: the 1.5B model leans on the nearest passage
        # (measured on the dev split: with the best first it took a count from the other window; best last
        # fixed 8 of 23 failing questions and lost 1 of 23 correct ones).
        evidence = select_evidence(query.search, passages, idf, windows, a.evidence_chars,
                                   self._closeness(query.search),
                                   a.evidence_similarity_weight)[::-1]
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

    def _at_locus(self, query: Query, history: list[dict[str, str]], evidence: list[EvidenceItem],
                  ask: Ask, lang: str, timings: dict[str, float], t0: float,
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
        spot = locus_evidence(query, history, evidence, self.retriever, self.idf(), a, *filters)
        if spot is None:
            return Part("", [], []), []
        result = yield from self._answer(replace(ask, quote_on=""), [spot], lang, timings, t0)
        if not result.text or not adds_information(result.plain, told(history, query.text)):
            return Part("", [], result.flagged), []
        return result, [spot.passage]

    def _listed(self, ask: str, passages: list[Passage], lang: str) -> list[EvidenceItem]:
        """For an ask for a list of stated length ("Noem de vier pijlers ..."): the list the
        reports announce, its sentence and each item; else nothing."""
        wanted = list_ask(ask) if self.settings.assistant.lists and lang == "nl" else None
        return find_list(wanted, passages, self.retriever.report_text) if wanted else []

    def _answer_asks(self, parts: list[str], passages: list[Passage], everything: list[Passage],
                     lang: str, timings: dict[str, float],
                     t0: float) -> Generator[Event, None, list[Part]]:
        """Two asks in one question: each gets its own evidence and answer. The 1.5B model
        mixed them up when given both at once (it named the committee of another group). The
        second ask is read after the first one's answer: "welke rol had hij" needs "hij".
        An ask for a list of stated length ("Met welke drie themagroepen ...") is answered by
        the list the reports announce, as a question that asks only that is."""
        a, idf = self.settings.assistant, self.idf()
        results: list[Part] = []
        context = ""
        for i, part in enumerate(parts):
            listed = self._listed(part, everything, lang)
            if listed:
                # The next ask is read after the list's own announcing sentence.
                results.append(Part(list_answer(listed), listed, [], listed[0].text))
                context = listed[0].text
                continue
            # A quote must cover the ask itself; the first answer only helps pick the evidence.
            ask = Ask(f"{context} {part}".strip(), part, part, f"{context} {part}".strip())
            evidence = select_evidence(ask.prompt, passages, idf, a.evidence_passages,
                                       a.evidence_chars, self._closeness(part),
                                       a.evidence_similarity_weight)[::-1]
            if i:
                yield Token(" ")
            result = (yield from self._answer(ask, evidence, lang, timings, t0)
                      ) if evidence else Part("", [], [])
            results.append(result)
            context = result.plain or part
        return results

    def _first_passages(self, text: str, years: set[int] | None,
                        sources: set[str] | None) -> list[Passage]:
        """Passages first, before anything else may wait for the embedder or the model: the
        hybrid ones when the query vector is ready in time, else BM25's (other questions or an
        index build keep the embedder busy); the evidence after the question is understood
        (a rewrite, a translation, a broad question's wider search) replaces them."""
        vector = self.retriever.vector_soon(text)
        try:
            vector.result(timeout=self.settings.assistant.first_evidence_s)
            ready = True
        except FutureTimeout:
            ready = False
        return self.retriever.retrieve(text, years=years, sources=sources, dense=ready)

    def _answer(self, ask: Ask, evidence: list[EvidenceItem], lang: str,
                timings: dict[str, float], t0: float) -> Generator[Event, None, Part]:
        """One ask: wait for the model, stream its reply, then read it (``reply``): checked
        citations, else a quoted evidence sentence, else nothing."""
        a = self.settings.assistant
        if a.answer_mode == "extractive":  # the report sentence that answers; no model call
            return read_reply("", ask, evidence, evidence, lang, a, self.idf(), None)
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
            for delta in self._generate(ask.prompt, given, lang):
                raw += delta
                # Claims: the text fields as they grow. Free text: held back until it is clear
                # the model is not saying NOT_FOUND.
                text = claim_texts(raw) if claims else (
                    raw if len(raw) > len(prompts.NOT_FOUND) and not raw.lstrip().startswith("NIET")
                    else "")
                if len(text) > len(shown) and text.startswith(shown):
                    if not timings["first_token_s"]:
                        timings["first_token_s"] = time.perf_counter() - t0
                    yield Token(text[len(shown):])
                    shown = text
        finally:  # done, failed, or the stream was closed (cancel, closed tab): free the place
            self._gate.leave(ticket)
        log.info("raw answer: %r", raw)
        return read_reply(raw, ask, evidence, given, lang, a, self.idf(),
                          self._similarity if lang == "en" else None)

    def _complete(self, prompt: str) -> str:
        try:
            with self._gate.hold():
                self._llm_calls += 1
                return self.llm.chat([ChatMessage(role="user", content=prompt)])
        except Exception as exc:
            raise describe_failure(self.settings, exc) from exc

    def _generate(self, question: str, evidence: list[EvidenceItem], lang: str) -> Iterator[str]:
        """The model's reply in the configured mode: free text over numbered passages, or JSON
        claims over numbered sentences (constrained by their schema)."""
        a = self.settings.assistant
        if a.answer_mode == "claims":
            messages = prompts.claims_messages(format_sentences(evidence), question, lang)
            structure: Schema | None = schema(len(evidence), a.max_claims)
        else:
            messages, structure = prompts.answer_messages(format_passages(evidence), question, lang), None
        self._llm_calls += 1
        try:
            yield from self.llm.stream_chat(messages, schema=structure)
        except Exception as exc:
            raise describe_failure(self.settings, exc) from exc

    def _closeness(self, question: str) -> Closeness:
        """Report texts' embedding similarity to ``question`` (their vectors are kept on disk,
        the question's in memory)."""
        def closeness(texts: Sequence[str]) -> list[float]:
            model = self.retriever.embed_model
            q = unit_rows([self.retriever.query_vector(question)])[0]
            return (unit_rows(model.get_text_embedding_batch(list(texts))) @ q).tolist()
        return closeness

    def _similarity(self, sentence: str, passage: str) -> float:
        model = self.retriever.embed_model
        a = model.get_query_embedding(sentence)
        b = model.get_text_embedding(passage)
        dot = sum(x * y for x, y in zip(a, b, strict=True))
        norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
        return dot / norm if norm else 0.0


def _shown(passages: list[Passage], more: list[Passage]) -> list[Passage]:
    """The passages shown beside an answer, and after them those of ``more`` not among them
    (where an answer's citations lie when they were read beyond the retrieved ones)."""
    shown = list(passages)
    for p in more:
        if p not in shown:
            shown.append(p)
    return shown


def _unknown_years(question: str, passages: list[Passage]) -> bool:
    """The question names years, and no retrieved passage mentions or is from any of them
    ("in 2021"). With one of two years known, a partial answer can still be given."""
    asked = named_years(question)
    known = {p.year for p in passages} | named_years(" ".join(p.text for p in passages))
    return bool(asked) and not asked & known
