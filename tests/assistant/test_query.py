"""Understanding a question: follow-ups glued to the previous question, the history for a rewrite."""

from __future__ import annotations

from dataclasses import replace

from assistant.query import Query, glued, history_text

HISTORY = [{"role": "user", "content": "Wie trok de themagroep Sterke keten?"},
           {"role": "assistant", "content": "Wethouder Jansen [1]."}]


def test_a_follow_up_is_glued_to_the_previous_question() -> None:
    assert glued("En in 2024?", HISTORY) == "Wie trok de themagroep Sterke keten? En in 2024?"
    assert glued("Welke rol had hij daarbij?", HISTORY).startswith("Wie trok")


def test_a_follow_up_of_a_follow_up_keeps_the_question_that_set_the_topic() -> None:
    chain = [*HISTORY, {"role": "user", "content": "Met wie werkte zij samen?"},
             {"role": "assistant", "content": "Met de VNG [1]."}]
    assert glued("En in 2025?", chain) == ("Wie trok de themagroep Sterke keten? "
                                           "Met wie werkte zij samen? En in 2025?")
    # A question that stood on its own is the whole context of the next follow-up.
    fresh = [*chain, {"role": "user", "content": "Hoeveel regio's doen mee aan de MKB-aanpak?"}]
    assert glued("En in 2025?", fresh) == "Hoeveel regio's doen mee aan de MKB-aanpak? En in 2025?"


def test_a_year_asked_later_replaces_the_earlier_one() -> None:
    chain = [{"role": "user", "content": "Hoeveel netwerkdagen waren er in 2025?"},
             {"role": "assistant", "content": "Vijf [1]."},
             {"role": "user", "content": "En in 2024?"}, {"role": "assistant", "content": "Zes [1]."}]
    assert glued("Waar werden ze dat jaar gehouden?", chain) == (
        "Hoeveel netwerkdagen waren er in? En in 2024? Waar werden ze dat jaar gehouden?")


def test_a_new_question_stands_alone() -> None:
    assert glued("Hoeveel regio's doen mee aan de MKB-aanpak in Nederland?", HISTORY) == ""
    assert glued("En in 2024?", []) == ""


def test_the_history_for_a_rewrite_is_the_last_turns_cut_short() -> None:
    long = [{"role": "user", "content": "x" * 1000}, *HISTORY]
    text = history_text(long, turns=1)
    assert text.splitlines() == ["user: Wie trok de themagroep Sterke keten?",
                                 "assistant: Wethouder Jansen [1]."]
    assert len(history_text(long, turns=2).splitlines()[0]) == len("user: ") + 400


def test_a_query_is_filled_in_step_by_step_and_never_changed_in_place() -> None:
    first = Query("En in 2024? ", "En in 2024?", "nl")
    later = replace(first, glued=glued(first.text, HISTORY), standalone="Wie trok ... in 2024?")
    assert first.glued == "" and later.glued and later.typed == first.typed


def test_a_pronoun_fused_with_a_preposition_points_back() -> None:
    from assistant.query import is_follow_up

    assert is_follow_up("Wie van de G40 waren daarbij?")
    assert is_follow_up("Wat zei de minister erover in de vergadering?")
    assert is_follow_up("Welke afspraken werden hierover gemaakt met het Rijk?")
    assert not is_follow_up("Welke aanpak koos de G40 voor de binnensteden in 2024?")
    assert not is_follow_up("Wat kwam er uit de enquête onder de steden naar voren?")
