"""The assistant: question (+ history) -> checked Dutch answer with citations, as a stream.

Steps: clean the question -> condense a follow-up -> (English: translate for retrieval) ->
hybrid retrieval -> evidence sentences -> sufficiency check -> per ask (a question with two
asks is answered one ask at a time): generation -> citation check -> answer-type check (a
count, name or date when the ask is for one), else a quoted evidence sentence that answers,
else a refusal. A broad question (``overview``) skips the model: its answer is the report
sentences of the relevant sections, each cited. Refusals are decided by evidence (coverage of
the question and its years by the passages, the model's own NOT_FOUND, whether any sentence
survives the checks), never by the model alone.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections.abc import Generator, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from pathlib import Path

from assistant import prompts
from assistant.answer_cache import AnswerCache
from assistant.answers import Part, citation, join_parts, narrow, quote_evidence, section_bullets
from assistant.answertype import answer_type, asks_two, fits, split_asks
from assistant.chat import ChatMessage, ChatModel
from assistant.citations import check_citations, sentences_of, split_answer
from assistant.claims import (
    claim_texts,
    format_sentences,
    numbered_sentences,
    parse_reply,
    schema,
    verify,
)
from assistant.evidence import EvidenceItem, format_passages, select_evidence
from assistant.gate import LLMGate
from assistant.llm import describe_failure, get_llm, llm_label, prefix_file, shutting_down, slot
from assistant.overview import BroadQuestions, bullets
from assistant.textmatch import (
    Idf,
    adds_information,
    content_tokens,
    is_injection,
    language,
)
from assistant.types import Answer, Citation, Event, Evidence, Final, Token, Waiting
from config import Settings
from index import Passage, Retriever, analyze_query, embed_model_name, named_years

log = logging.getLogger(__name__)
# Nouns of a follow-up that point back at something in the conversation ("in dat stuk").
_REFERRING = content_tokens("stuk stukken document documenten paper")
_FOLLOW_UP = re.compile(
    r"^(en|and|maar|but|ook|also)\b|\b(hij|zij|ze|hem|haar|hun|die|dat|daar|daarvan|deze|dit|"
    r"het|he|she|they|him|her|them|it|that|there|this)\b", re.I)


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


def _glued(q: str, history: list[dict[str, str]]) -> str:
    """For a follow-up: the previous question and the follow-up as plain context; else ""."""
    users = [m for m in history if m.get("role") == "user" and m.get("content")]
    if not users or not (_FOLLOW_UP.search(q) or len(q.split()) <= 4):
        return ""
    return f"{users[-1]['content'].strip()} {q}"


def _history_text(history: list[dict[str, str]], turns: int = 2) -> str:
    recent = history[-2 * turns:]
    return "\n".join(f"{m.get('role', 'user')}: {str(m.get('content', ''))[:400]}" for m in recent)


class Assistant:
    """Answers questions about the indexed reports. One instance per process is enough."""

    def __init__(self, settings: Settings, retriever: Retriever | None = None,
                 llm: ChatModel | None = None):
        self.settings = settings
        self.retriever = retriever or Retriever(settings)
        self._llm = llm
        self._idf: tuple[str, Idf] | None = None
        # One generation at a time (the CPU cannot do two well); the line tells each waiter its place.
        self._gate = LLMGate()
        self._cache = AnswerCache(settings.assistant.answer_cache)
        self._llm_calls = 0  # counted, so each stream knows whether it changed llama.cpp's cache
        self._broad: BroadQuestions | None = None
        self._prefix_file: Path | None = None

    @property
    def llm(self) -> ChatModel:
        if self._llm is None:
            self._llm = get_llm(self.settings)
        return self._llm

    def idf(self) -> Idf:
        state = self.retriever.state()
        if self._idf is None or self._idf[0] != state.name:
            self._idf = (state.name, Idf(c.search_text for c in state.chunks.values()))
        return self._idf[1]

    def context(self, source: str, start: int, end: int, margin: int = 700) -> tuple[str, str, str]:
        """(before, passage, after) from the cleaned report text, for showing a citation in place."""
        text = self.retriever.report_text(source)
        para_start = text.rfind("\n\n", 0, start)
        para_end = text.find("\n\n", end)
        lo = max(0 if para_start == -1 else para_start + 2, start - margin)
        hi = min(len(text) if para_end == -1 else para_end, end + margin)
        return text[lo:start], text[start:end], text[end:hi]

    def reports(self) -> dict[str, dict[str, object]]:
        """Metadata of the indexed reports (for filters in the UI)."""
        return self.retriever.reports()

    def warm_up(self) -> None:
        """Load both models and put the fixed prompt prefix (rules + worked examples) into
        llama.cpp's cache, so the first real question does not pay ~20 s for it."""
        self.retriever.retrieve("opwarmen")
        if self.settings.assistant.overview:  # trains the question-kind classifier once
            self.broad_questions.is_broad("Wat deed de pijler?")
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

    def _messages(self, evidence: list[EvidenceItem], question: str, lang: str) -> list[ChatMessage]:
        """The answer prompt of the configured mode (the claims mode numbers sentences)."""
        if self.settings.assistant.answer_mode == "claims":
            return prompts.claims_messages(format_sentences(evidence), question, lang)
        return prompts.answer_messages(format_passages(evidence), question, lang)

    def _prime_cache(self) -> None:
        messages = self._messages([], "-", "nl")
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
        key = AnswerCache.key(question, history or [], years, sources, self.settings.public_dict())
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
        q = clean_question(question)
        lang = language(q) if q else "nl"

        def finish(text: str, answered: bool, passages: list[Passage], standalone: str,
                   citations: list[Citation] | None = None, flagged: list[str] | None = None) -> Final:
            timings["total_s"] = time.perf_counter() - t0
            timings["first_token_s"] = timings["first_token_s"] or timings["total_s"]
            return Final(Answer(question, standalone, text, answered, citations or [], passages,
                                timings, llm_label(self.settings), flagged or [], lang))

        if not q:
            yield Evidence("", [])
            yield finish(prompts.EMPTY_QUESTION, False, [], "")
            return
        if lang == "other":
            yield Evidence(q, [])
            yield finish(prompts.REFUSAL["other"], False, [], q)
            return

        glued = _glued(q, history or [])
        # Passages first, before anything else may wait for the embedder or the model: the
        # hybrid ones when the query vector is ready in time, else BM25's (other questions or an
        # index build keep the embedder busy); the evidence after the question is understood
        # (a rewrite, a translation, a broad question's wider search) replaces them.
        vector = self.retriever.vector_soon(glued or q)
        try:
            vector.result(timeout=self.settings.assistant.first_evidence_s)
            ready = True
        except FutureTimeout:
            ready = False
        yield Evidence(q, self.retriever.retrieve(glued or q, years=years, sources=sources,
                                                  dense=ready))
        standalone, asked = self._condense(q, history or [], lang, glued)
        search = standalone
        if lang == "en":
            # A small model's translation is rough: keep the English too (the embedder is
            # multilingual; names and numbers match either way).
            dutch = self._complete(prompts.TRANSLATE.format(question=standalone)).strip()
            search = f"{dutch.splitlines()[0] if dutch else ''} {standalone}".strip()
        a = self.settings.assistant
        t_r = time.perf_counter()
        broad = self._is_broad(asked, lang)
        passages = self.retriever.retrieve(search, k=a.overview_passages if broad else None,
                                           years=years, sources=sources)
        timings["retrieval_s"] = time.perf_counter() - t_r
        yield Evidence(standalone, passages)
        # The one-sentence answer is made from the usual few passages; the rest feed the bullets.
        everything, passages = passages, passages[: self.settings.index.top_k]

        idf = self.idf()
        # Two asks need evidence for each: more windows (measured on the multi-report questions:
        # the facts of both parts were in 2 windows for 7 of 11, in 4 windows for 10 of 11).
        windows = a.evidence_passages * (2 if asks_two(asked) else 1)
        # Best window last, next to the question: the 1.5B model leans on the nearest passage
        # (measured on the dev split: with the best first it took a count from the other window; best last
        # fixed 8 of 23 failing questions and lost 1 of 23 correct ones).
        evidence = select_evidence(search, passages, idf, windows, a.evidence_chars)[::-1]
        coverage = idf.coverage(search, " ".join(p.text + " " + p.section + " " + p.title
                                                 for p in passages))
        log.info("coverage %.2f for %r", coverage, search)
        gated = lang == "nl" and len(content_tokens(search)) >= 2 and coverage < a.min_coverage
        if not evidence or gated or _unknown_years(search, passages):
            yield finish(prompts.REFUSAL[lang], False, passages, standalone)
            return

        # English stays whole: its evidence is found through the Dutch translation. Claims
        # answer every ask of a question in one reply.
        split = a.split_asks and lang == "nl" and a.answer_mode == "repair"
        parts = split_asks(asked) if split else [asked]
        extractive = broad and not a.overview_model_lead  # the reports' sentences, no model
        if len(parts) == 1 or extractive:
            result = Part("", [], []) if extractive else (
                yield from self._answer(asked, asked, search, evidence, lang, timings, t0,
                                        checked_against=standalone))
            if broad:
                result, read = self._with_bullets(result, search, everything, lang)
                # Every citation lies in a passage shown: the bullets may come from more.
                passages = everything + [p for p in read if p not in everything]
            if result.text:
                yield finish(result.text, True, passages, standalone,
                             [citation(n, e) for n, e in enumerate(result.items, 1)], result.flagged)
            else:
                yield finish(prompts.REFUSAL[lang], False, passages, standalone,
                             flagged=result.flagged)
            return
        # Two asks in one question: each gets its own evidence and answer. The 1.5B model
        # mixed them up when given both at once (it named the committee of another group).
        # The second ask is read after the first one's answer: "welke rol had hij" needs "hij".
        results: list[Part] = []
        context = ""
        for i, part in enumerate(parts):
            part_q = f"{context} {part}".strip()
            part_evidence = select_evidence(part_q, passages, idf, a.evidence_passages,
                                            a.evidence_chars)[::-1]
            if i:
                yield Token(" ")
            # A quote must cover the ask itself; the first answer only helps pick the evidence.
            result = (yield from self._answer(part_q, part, part, part_evidence, lang,
                                              timings, t0)) if part_evidence else Part("", [], [])
            results.append(result)
            context = result.plain or part
        text, items = join_parts(results, parts, lang)
        flagged = [f for r in results for f in r.flagged]
        if items and broad:  # "Wat wil X bereiken, en hoe is dat verwoord?"
            joined, read = self._with_bullets(Part(text, items, flagged), search, everything, lang)
            text, items = joined.text, joined.items
            passages = everything + [p for p in read if p not in everything]
        if not items:
            yield finish(prompts.REFUSAL[lang], False, passages, standalone, flagged=flagged)
            return
        yield finish(text, True, passages, standalone,
                     [citation(n, e) for n, e in enumerate(items, 1)], flagged)

    def _answer(self, asked: str, ask: str, search: str, evidence: list[EvidenceItem], lang: str,
                timings: dict[str, float], t0: float,
                checked_against: str = "") -> Generator[Event, None, Part]:
        """One ask: generate, check the citations and the kind of answer, else quote, else
        nothing. ``asked`` is what the model gets (for a second ask: after the first answer),
        ``ask`` the bare question that says which kind of answer is wanted; names and numbers
        of ``checked_against`` (default: ``asked``) may occur in the answer unsupported."""
        question = checked_against or asked
        raw = ""
        ticket = self._gate.join()
        try:
            waited = 0.0
            while not self._gate.enter(ticket, timeout=waited):
                if self._gate.ahead(ticket):  # other questions, not the short cache restore
                    yield Waiting(self._gate.ahead(ticket), self._gate.estimate_s(ticket))
                waited = 1.0
            claims = self.settings.assistant.answer_mode == "claims"
            given = numbered_sentences(evidence) if claims else evidence
            shown = ""
            for delta in self._generate(asked, given, lang):
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
        kind = answer_type(ask)
        flagged: list[str] = []
        if claims:
            reply = parse_reply(raw)
            if reply is not None:
                verified = verify(reply, given, question,
                                  similarity=self._similarity if lang == "en" else None)
                said = [t for t, _ in split_answer(verified.text)]
                if verified.items and any(fits(t, ask, kind) for t in said):
                    return Part(verified.text, verified.items, verified.dropped, " ".join(said))
                flagged = verified.dropped + ([verified.text] if verified.text else [])
                if not reply.found or not self.settings.assistant.claims_quote:
                    return Part("", [], flagged)
            raw = ""  # no usable structure: the quote below, from the evidence alone
        answer = raw
        if ask != asked:
            # Given the first answer as context, the model sometimes repeats it.
            kept = [s for s in sentences_of(raw)
                    if any(adds_information(t, asked) for t, _ in split_answer(s))]
            answer = " ".join(kept) if kept else raw
        if prompts.NOT_FOUND not in raw and raw.strip():
            similarity = self._similarity if lang == "en" else None
            # Section and title count as context: "Sterke keten" is often only in the heading.
            windows = [f"{e.text} ({e.passage.section}, {e.passage.title})" for e in evidence]
            checked = check_citations(answer, windows, question, similarity=similarity)
            log.info("checked: %s", checked)
            sentences = [text for text, _ in split_answer(checked.text)]
            # Only the question restated, or not the kind of answer asked for ("Hoeveel ...?"
            # answered without a count of that thing): no answer was found.
            if any(adds_information(t, asked) and fits(t, ask, kind) for t in sentences):
                items = [narrow(evidence[i], checked.text, n, question)
                         for n, i in enumerate(checked.order, 1)]
                plain = " ".join(t for t, _ in split_answer(checked.text))
                return Part(checked.text, items, checked.dropped, plain)
            flagged = checked.dropped + ([checked.text] if checked.text else [])
        # A sentence that only restates the question still points at the window where the
        # model found its topic (even when the question's words are not in it, and so the
        # sentence was dropped).
        pointed = {id(evidence[n - 1]) for text, cited in split_answer(raw)
                   if not adds_information(text, asked) for n in cited if 1 <= n <= len(evidence)}
        a = self.settings.assistant
        quote = quote_evidence(search, evidence, kind, idf=self.idf(),
                               min_coverage=a.min_quote_coverage, pointed=pointed,
                               min_pointed_coverage=a.min_coverage)
        if quote is None:
            return Part("", [], flagged)
        return Part(prompts.QUOTE[lang].format(quote=quote.text.strip()), [quote], flagged)

    def _is_broad(self, question: str, lang: str) -> bool:
        """A broad question (see ``overview``); one that asks for a count, name or date (in
        any of its asks) is not."""
        if not self.settings.assistant.overview or lang not in ("nl", "en"):
            return False
        if any(answer_type(ask).kind is not None for ask in split_asks(question)):
            return False
        return self.broad_questions.is_broad(question)

    @property
    def broad_questions(self) -> BroadQuestions:
        if self._broad is None:
            self._broad = BroadQuestions(self.retriever.embed_model,
                                         self.settings.assistant.broad_regularisation,
                                         cache_dir=self.settings.paths.data_dir / "cache",
                                         model_name=embed_model_name(self.settings))
        return self._broad

    def _with_bullets(self, lead: Part, question: str, passages: list[Passage],
                      lang: str) -> tuple[Part, list[Passage]]:
        """The answer to a broad question: the model's answer (or a plain lead) followed by
        bullets of report sentences, numbered after the lead's citations; and the passages
        the bullets were chosen from."""
        a, s = self.settings.assistant, self.settings.index
        hints = analyze_query(question, self.reports())
        if len(hints.sources) == 1:  # a summary of one report: all of its sections
            seen = {p.chunk_id for p in passages}
            whole = self.retriever.retrieve(question, k=a.report_passages, sources=hints.sources)
            passages = passages + [p for p in whole if p.chunk_id not in seen]
        if hints.years:  # the years named delimit the period ("van 2023 tot 2025" has 2024)
            period = range(min(hints.years), max(hints.years) + 1)
            passages = [p for p in passages if p.year in period]
        found = bullets(question, passages, self.retriever.embed_model, a.overview_bullets,
                        a.overview_min_similarity, skip=lead.items,
                        representative=len(hints.sources) == 1, margin=a.overview_margin,
                        fusion=(s.bm25_weight, s.dense_weight, s.rrf_k),
                        per_section=a.overview_per_section,
                        passage_weight=a.overview_passage_weight)
        # Without an answer of its own, one loose sentence is no overview: refuse instead.
        if not found or (not lead.text and len(found) < 2):
            return lead, []
        text = "\n".join([lead.text or prompts.BROAD_LEAD[lang],
                          *section_bullets(found, len(lead.items) + 1)])
        return Part(text, lead.items + found, lead.flagged, lead.plain), passages

    def _condense(self, q: str, history: list[dict[str, str]], lang: str,
                  glued: str) -> tuple[str, str]:
        """(standalone question for retrieval, question the model answers).

        A rewrite is both. Without one, retrieval gets ``glued`` (the previous question and
        the follow-up, see ``_glued``; empty when ``q`` is no follow-up), but the model is
        asked the follow-up alone: given both, it answered the old question.
        """
        if not glued:  # not a follow-up
            return q, q
        users = [m for m in history if m.get("role") == "user" and m.get("content")]
        if self.settings.assistant.condense == "concat":
            return glued, q
        text = self._complete(prompts.CONDENSE.format(
            language=prompts.LANGUAGE_NAME.get(lang, "Dutch"), history=_history_text(history),
            question=q)).strip().split("\n")[0].strip()
        # A small model sometimes answers instead of rewriting; then fall back to plain context.
        # It also drops words ("Aan welke minister ...?" -> "Waar ...?"): the rewrite must keep
        # every content word of the follow-up, else use the plain context. Only a word that
        # points back ("dat stuk") may give way to what it points at ("het position paper").
        # And it may keep the words but lose the context ("Was er een ministerie bij
        # aanwezig?"): the rewrite must take at least one content word from the history.
        context = content_tokens(" ".join(m["content"] for m in users[-2:])) - content_tokens(q)
        kept = content_tokens(q) - _REFERRING
        if not text or len(text) > 3 * len(q) + 200 or "?" not in text or \
                not kept <= content_tokens(text) or not context & content_tokens(text):
            return glued, q
        return text, text

    def _complete(self, prompt: str) -> str:
        try:
            with self._gate.hold():
                self._llm_calls += 1
                return self.llm.chat([ChatMessage(role="user", content=prompt)])
        except Exception as exc:
            raise describe_failure(self.settings, exc) from exc

    def _generate(self, question: str, evidence: list[EvidenceItem], lang: str) -> Iterator[str]:
        a = self.settings.assistant
        structure = schema(len(evidence), a.max_claims) if a.answer_mode == "claims" else None
        self._llm_calls += 1
        try:
            yield from self.llm.stream_chat(self._messages(evidence, question, lang), schema=structure)
        except Exception as exc:
            raise describe_failure(self.settings, exc) from exc

    def _similarity(self, sentence: str, passage: str) -> float:
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
