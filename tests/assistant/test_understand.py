"""Understanding a question: reading it, a follow-up's rewrite, the search text, broad or not.

The chat model and the question-kind classifier are replaced by functions that record what
they get and return what they are told."""

from __future__ import annotations

from dataclasses import replace

from assistant.query import glued
from assistant.spelling import Speller
from assistant.understand import Understanding
from config import Settings

HISTORY = [{"role": "user", "content": "Wat deed de themagroep arbeidsmigratie in 2024?"},
           {"role": "assistant", "content": "De themagroep kwam vier keer bijeen [1]."}]


def _understanding(settings: Settings, replies: list[str], broad: set[str] | None = None,
                   ) -> tuple[Understanding, list[str], list[str]]:
    prompts: list[str] = []
    classified: list[str] = []

    def complete(prompt: str) -> str:
        prompts.append(prompt)
        return replies.pop(0)

    def is_broad(question: str, lang: str) -> bool:
        classified.append(question)
        return question in (broad or set())

    speller = Speller(["De themagroep arbeidsmigratie kwam bijeen."], 5, 8)
    return Understanding(settings, complete, lambda: speller, is_broad), prompts, classified


def test_a_typo_is_read_as_the_reports_word_and_kept_as_a_correction(settings: Settings) -> None:
    u, prompts, _ = _understanding(settings, [])
    query = u.read("Wat deed de themagroep arbeidsmigartie?\x07")
    assert query.text == "Wat deed de themagroep arbeidsmigratie?"
    assert query.corrections == {"arbeidsmigartie": "arbeidsmigratie"}
    assert query.typed.endswith("\x07") and query.lang == "nl" and prompts == []


def test_a_follow_up_rewrite_is_what_is_searched_and_answered(settings: Settings) -> None:
    rewrite = "Wat deed de themagroep arbeidsmigratie in 2025?"
    u, prompts, _ = _understanding(settings, [rewrite + "\nUitleg die de model erbij gaf."])
    query = u.read("En in 2025?")
    query = u.understand(replace(
        query, glued=glued(query.text, HISTORY)), HISTORY)
    assert query.standalone == query.model == query.search == rewrite
    assert "En in 2025?" in prompts[0] and "arbeidsmigratie in 2024" in prompts[0]


def test_a_rewrite_that_loses_the_context_gives_way_to_the_glued_question(settings: Settings) -> None:
    # Keeps the follow-up's words but takes nothing from the conversation.
    # (The glued question drops the earlier year: the later one replaces it.)
    context = glued("En in 2025?", HISTORY)
    assert "themagroep arbeidsmigratie" in context and "2024" not in context
    u, _, classified = _understanding(settings, ["Wat gebeurde er in 2025?"], broad={context})
    query = u.read("En in 2025?")
    query = u.understand(replace(query, glued=context), HISTORY)
    assert query.model == "En in 2025?" and query.standalone == query.search == context
    # The follow-up alone is not broad; the question it follows is, and so is the follow-up.
    assert classified == ["En in 2025?", query.standalone] and query.broad


def test_an_english_question_is_searched_in_both_languages(settings: Settings) -> None:
    u, prompts, _ = _understanding(settings, ["Wat zijn de doelen van de pijler?\nNog iets."])
    query = u.understand(u.read("What are the goals of the pillar?"), [])
    assert query.lang == "en" and len(prompts) == 1
    assert query.search == "Wat zijn de doelen van de pijler? What are the goals of the pillar?"
    assert query.model == query.standalone == "What are the goals of the pillar?"
