"""The assistant: question (+ history) -> checked Dutch answer with citations, as a stream.

Steps: understand the question (``understand``: clean it, rewrite a follow-up, translate English
for retrieval, recognise a broad question) -> hybrid retrieval -> the narrow answer (``facts``:
evidence sentences, sufficiency check, per ask generation and reading the reply: citation
check, answer-type check, else a quoted evidence sentence that answers), else a refusal. A
broad question (``overview``) skips the model: its answer is the report sentences of the
relevant sections, each cited. Refusals are decided by evidence (coverage of
the question and its years by the passages, the model's own NOT_FOUND, whether any sentence
survives the checks), never by the model alone.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from pathlib import Path

from assistant import prompts
from assistant.answer_cache import AnswerCache
from assistant.answers import Part, citation, join_parts
from assistant.answertype import asks_two, split_asks
from assistant.chat import ChatMessage, ChatModel, Schema
from assistant.evidence import paragraph_span
from assistant.facts import Clock, FactAnswers
from assistant.gate import LLMGate
from assistant.listing import list_answer
from assistant.llm import describe_failure, get_llm, llm_label, prefix_file, shutting_down, slot
from assistant.overview import Overview
from assistant.places import towns_in
from assistant.query import Ask, clean_history, glued
from assistant.spelling import Speller, load_word_lists
from assistant.textmatch import Idf
from assistant.types import Answer, Citation, Event, Evidence, Final
from assistant.understand import Understanding
from config import Settings
from index import Passage, ReportCards, Retriever

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
        self.facts = FactAnswers(settings, self.retriever, self.idf, self._gate, self._chat)
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
        clock = Clock(t0, timings)
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

        evidence = self.facts.evidence(query, passages)
        if not evidence:
            yield finish(prompts.REFUSAL[lang], False, passages)
            return

        # "Noem de vier pijlers ...": the list the reports announce, item by item.
        # (A second ask, "..., en welke commissie ...?", is left to the answer per ask.)
        listed = [] if asks_two(query.model) else self.facts.listed(query.model, everything, lang)
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
                result, seen = yield from self.facts.at_locus(query, history or [], evidence, whole,
                                                              lang, clock, (years, sources))
                passages = _shown(passages, seen)
            if not result.text and not extractive:
                tried = result.flagged  # what the locus's answer had to leave out stays listed
                result = yield from self.facts.answer(whole, evidence, lang, clock)
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
        results = yield from self.facts.answer_asks(parts, passages, everything, lang, clock)
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

    def _complete(self, prompt: str) -> str:
        try:
            with self._gate.hold():
                self._llm_calls += 1
                return self.llm.chat([ChatMessage(role="user", content=prompt)])
        except Exception as exc:
            raise describe_failure(self.settings, exc) from exc

    def _chat(self, messages: list[ChatMessage], structure: Schema | None) -> Iterator[str]:
        """The chat model's reply as it grows (counted; a failing backend explained)."""
        self._llm_calls += 1
        try:
            yield from self.llm.stream_chat(messages, schema=structure)
        except Exception as exc:
            raise describe_failure(self.settings, exc) from exc


def _shown(passages: list[Passage], more: list[Passage]) -> list[Passage]:
    """The passages shown beside an answer, and after them those of ``more`` not among them
    (where an answer's citations lie when they were read beyond the retrieved ones)."""
    shown = list(passages)
    for p in more:
        if p not in shown:
            shown.append(p)
    return shown
