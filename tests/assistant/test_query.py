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
    assert glued("Waar werden ze gehouden?", chain) == (
        "Hoeveel netwerkdagen waren er in? En in 2024? Waar werden ze gehouden?")
    # "dat jaar" is the year the conversation came to: 2024, named in the follow-up itself.
    assert glued("Waar werden ze dat jaar gehouden?", chain) == (
        "Hoeveel netwerkdagen waren er in? En in? Waar werden ze in 2024 gehouden?")


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


def test_a_year_counted_from_the_conversation_is_named() -> None:
    from assistant.query import resolve_years

    about_2023 = [{"role": "user", "content": "Wat vond de G40 in 2023 van de Participatiewet?"},
                  {"role": "assistant", "content": "De wet sluit onvoldoende aan [1]."}]
    assert glued("Wat deed de themagroep daar het jaar erna mee?", about_2023).endswith(
        "Wat deed de themagroep daar in 2024 mee?")
    # The earlier year no longer steers the search: the follow-up names its own.
    assert "2023" not in glued("En een jaar eerder?", about_2023)
    assert glued("En een jaar eerder?", about_2023).endswith("En in 2022?")
    assert resolve_years("What happened the following year?", ["In 2024?"]) == "What happened in 2025?"
    assert resolve_years("Wat gebeurde er in dat jaar?", ["van 2023 tot 2025"]) == "Wat gebeurde er in 2025?"
    # A year of its own, or a context without one: the text stays as it was typed.
    assert resolve_years("Wat gebeurde er een jaar later, in 2025?", ["in 2023"]) == \
        "Wat gebeurde er een jaar later, in 2025?"
    assert resolve_years("Wat gebeurde er het jaar erna?", ["Wie trok de themagroep?"]) == \
        "Wat gebeurde er het jaar erna?"
    # "een jaar later" alone marks a follow-up; "jaarverslag" is no relative year.
    from assistant.query import is_follow_up

    assert is_follow_up("Welke steden deden een jaar later mee aan de pilot MKB-dienstverlening?")
    assert not is_follow_up("Welke steden deden mee aan de pilot uit jaarverslag 2024?")


def test_a_history_keeps_only_the_turns_it_can_read() -> None:
    from assistant.query import clean_history

    sent = [{"role": "user", "content": "Waar was de netwerkdag?"}, {"role": "assistant"},
            {"role": "assistant", "content": None}, {"role": "user", "content": 5}, "tekst",
            {"role": "assistant", "content": "In Zaandam [1].", "extra": "x"}]
    assert clean_history(sent) == [  # type: ignore[arg-type]
        {"role": "user", "content": "Waar was de netwerkdag?"},
        {"role": "assistant", "content": "In Zaandam [1]."}]
    assert clean_history(None) == []
