"""The line for the one LLM, the answer cache and the question length limit."""

import threading
import time

from assistant import Assistant, Evidence, Final, Waiting
from assistant.fake import FakeLLM
from assistant.gate import LLMGate
from config import Settings
from index import build_index


def test_the_line_is_first_come_first_served_and_a_leaver_frees_the_place() -> None:
    gate = LLMGate(typical_s=5.0)
    a, b, c = gate.join(), gate.join(), gate.join()
    assert gate.enter(a, 0) and not gate.enter(b, 0)
    assert (gate.ahead(b), gate.ahead(c), gate.estimate_s(c)) == (1, 2, 10.0)
    gate.leave(b)  # cancelled while waiting: c moves up at once
    assert gate.ahead(c) == 1
    gate.leave(a)
    assert gate.enter(c, 0)


def test_a_place_can_be_freed_from_another_thread() -> None:
    gate = LLMGate()
    first = gate.join()
    gate.enter(first, 0)
    second = gate.join()
    threading.Timer(0.05, gate.leave, args=(first,)).start()
    assert gate.enter(second, 2.0)


def test_a_waiting_question_is_told_its_place_and_gets_its_answer(settings: Settings) -> None:
    build_index(settings)
    bot = Assistant(settings, llm=FakeLLM())
    busy = bot._gate.join()  # another user's answer is being written
    assert bot._gate.enter(busy, 0)
    events = []

    def ask() -> None:
        events.extend(bot.stream("Hoeveel pilots voor financieringsconstructies waren er in 2030?"))

    worker = threading.Thread(target=ask)
    worker.start()
    time.sleep(1.5)
    assert isinstance(events[0], Evidence) and events[0].passages  # evidence never waits
    assert any(isinstance(e, Waiting) and e.ahead == 1 for e in events)
    bot._gate.leave(busy)
    worker.join(10)
    assert isinstance(events[-1], Final) and "14 pilots" in events[-1].answer.answer


def test_closing_a_waiting_stream_leaves_the_line(settings: Settings) -> None:
    build_index(settings)
    bot = Assistant(settings, llm=FakeLLM())
    busy = bot._gate.join()
    bot._gate.enter(busy, 0)
    stream = bot.stream("Hoeveel pilots voor financieringsconstructies waren er in 2030?")
    while not isinstance(next(stream), Waiting):
        pass
    stream.close()  # what Gradio does when the user cancels or closes the tab
    assert bot._gate.ahead(bot._gate.join()) == 1  # only the busy one is left before a newcomer


def test_a_repeated_question_comes_from_the_cache_until_the_index_changes(settings: Settings) -> None:
    build_index(settings)
    llm = FakeLLM()
    bot = Assistant(settings, llm=llm)
    q = "Hoeveel pilots voor financieringsconstructies waren er in 2030?"
    first = bot.ask(q)
    calls = len(llm.prompts)
    again = bot.ask("  hoeveel pilots voor financieringsconstructies waren er in 2030 ")
    assert len(llm.prompts) == calls and again.answer == first.answer
    assert [c.to_dict() for c in again.citations] == [c.to_dict() for c in first.citations]
    assert again.timings["total_s"] < 0.5
    assert bot.ask(q, [{"role": "user", "content": "Iets anders?"}]) is not None
    build_index(settings, rebuild=True)  # a new index state: the cache is emptied
    calls = len(llm.prompts)
    bot.ask(q)
    assert len(llm.prompts) > calls


def test_a_too_long_question_gets_a_dutch_message_and_is_not_echoed_whole(settings: Settings) -> None:
    build_index(settings)
    llm = FakeLLM()
    bot = Assistant(settings, llm=llm)
    a = bot.ask("Hoeveel pilots? " * 20_000)
    assert not a.answered and "te lang" in a.answer and llm.prompts == []
    assert len(a.to_dict()["question"]) <= settings.assistant.max_question_chars + 1
