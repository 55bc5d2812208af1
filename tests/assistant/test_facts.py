"""The narrow answer, one ask at a time, with a chat model that records what it is asked and
replays what it is told."""

from collections.abc import Generator, Iterator

from assistant.answers import Part
from assistant.chat import ChatMessage, Schema
from assistant.facts import Clock, FactAnswers
from assistant.gate import LLMGate
from assistant.query import Query
from assistant.textmatch import Idf
from assistant.types import Event, Token
from config import Settings
from index import Retriever, build_index


class Replay:
    """Replies with the next of its replies, in pieces as a stream; records the messages."""

    def __init__(self, *replies: str) -> None:
        self.replies = list(replies)
        self.asked: list[list[ChatMessage]] = []

    def __call__(self, messages: list[ChatMessage], structure: Schema | None) -> Iterator[str]:
        self.asked.append(messages)
        reply = self.replies.pop(0)
        yield from (reply[i : i + 7] for i in range(0, len(reply), 7))


def _facts(settings: Settings, model: Replay) -> FactAnswers:
    build_index(settings)
    retriever = Retriever(settings)
    idf = Idf([c.search_text for c in retriever.state().chunks.values()])
    return FactAnswers(settings, retriever, lambda: idf, LLMGate(), model)


def _clock() -> Clock:
    return Clock(0.0, {"retrieval_s": 0.0, "first_token_s": 0.0, "total_s": 0.0})


def _run(gen: Generator[Event, None, list[Part]]) -> tuple[list[Event], list[Part]]:
    events: list[Event] = []
    while True:
        try:
            events.append(next(gen))
        except StopIteration as stop:
            return events, stop.value


def test_each_ask_gets_its_own_evidence_and_the_second_reads_the_first_answer(
        settings: Settings) -> None:
    first = "In de vorm van 14 pilots kan worden geëxperimenteerd met financieringsconstructies [1]."
    model = Replay(first, "In onze pijler sprak Anna de Vries over innovatie in het MKB [1].")
    facts = _facts(settings, model)
    asks = ["Hoeveel pilots voor financieringsconstructies waren er in 2030?",
            "Wie sprak er in Zwolle over innovatie in het MKB?"]
    passages = facts.retriever.retrieve(" ".join(asks))
    events, results = _run(facts.answer_asks(asks, passages, passages, "nl", _clock()))
    assert results[0].text.startswith("In de vorm van 14 pilots")
    assert "Anna de Vries" in results[1].text
    prompts = [m[-1].content for m in model.asked]
    # Each ask its own windows, the first ask's best last (next to the question).
    given = [p.split("Question:")[0].strip().splitlines() for p in prompts]
    assert "14 pilots" in given[0][-1] and any("Anna de Vries" in line for line in given[1])
    # The second ask comes after the first answer ("welke rol had hij" needs "hij").
    assert "14 pilots" in prompts[1].rsplit("Question:", 1)[-1]
    assert "".join(e.text for e in events if isinstance(e, Token)).count("Anna de Vries") == 1


def test_a_year_no_passage_knows_gets_no_evidence_and_no_model_call(settings: Settings) -> None:
    model = Replay()
    facts = _facts(settings, model)
    q = "Hoeveel pilots voor financieringsconstructies waren er in 2021?"
    query = Query(q, q, "nl", model=q, search=q)
    assert facts.evidence(query, facts.retriever.retrieve(q)) == []
    assert model.asked == []
