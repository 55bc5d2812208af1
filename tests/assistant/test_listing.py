"""Questions for a list of stated length, answered with the list the reports announce."""

from assistant.listing import ListAsk, find_list, list_answer, list_ask
from index import Passage

REPORT = ("Het MKB is belangrijk. De uitvoering steunt op vier pijlers. 1. Communities versterken. "
          "2. Een aanbod dat aansluit bij de vraag. 3. Structurele financiering. 4. Meer focus op "
          "impact.\nDaarna volgt iets anders. Om het MKB te bereiken zijn drie fundamentele "
          "omslagen nodig; activering, vereenvoudiging en samenwerking.\n"
          "De pijler werkt met twee themagroepen:\n• MKB en vernieuwing\n• Sterke keten\n"
          "Het jaar telde vijf netwerkdagen. Er was veel animo.")


def _passage(start: int, end: int) -> Passage:
    return Passage(1, "jaarverslag-2030", "Jaarverslag 2030", 2030, "MKB", REPORT[start:end],
                   start, end, 1.0)


def _ask(question: str) -> ListAsk:
    ask = list_ask(question)
    assert ask is not None
    return ask


def test_the_count_and_the_listed_thing_are_read_from_the_question() -> None:
    ask = _ask("Noem de vier pijlers waarop de uitvoering steunt.")
    assert ask.count == 4 and ask.noun == _ask("Welke 4 pijlers?").noun
    assert list_ask("Welke drie fundamentele omslagen zijn nodig?") is not None
    assert list_ask("Hoeveel pijlers zijn er?") is None
    assert list_ask("Wat deed de pijler in drie steden?") is None


def test_the_items_are_read_on_in_the_report_past_the_end_of_the_passage() -> None:
    cut = REPORT.index("3.")  # the passage holds the announcement and two items
    items = find_list(_ask("Noem de vier pijlers."), [_passage(0, cut)], lambda _: REPORT)
    assert [i.text for i in items] == ["De uitvoering steunt op vier pijlers.", "Communities versterken.",
                                       "Een aanbod dat aansluit bij de vraag.",
                                       "Structurele financiering.", "Meer focus op impact."]
    for item in items:  # each cited span is the item's text in the report, inside its passage
        assert REPORT[item.start:item.end] == item.text
        assert item.passage.start <= item.start and item.end <= item.passage.end
    answer = list_answer(items)
    assert answer.startswith("De uitvoering steunt op vier pijlers [1]:\n- Communities versterken [2].")
    assert answer.endswith("- Meer focus op impact [5].")


def test_bullet_lines_and_a_list_inside_the_sentence_count_too() -> None:
    whole = [_passage(0, len(REPORT))]
    groups = find_list(_ask("Welke twee themagroepen heeft de pijler?"), whole, lambda _: REPORT)
    assert [i.text for i in groups][1:] == ["MKB en vernieuwing", "Sterke keten"]
    inline = find_list(_ask("Welke drie omslagen zijn nodig?"), whole, lambda _: REPORT)
    assert len(inline) == 1 and inline[0].text.endswith("activering, vereenvoudiging en samenwerking.")
    assert list_answer(inline).startswith('In de verslagen staat hierover: "Om het MKB')


def test_running_text_after_the_announcement_is_no_list() -> None:
    whole = [_passage(0, len(REPORT))]
    assert find_list(_ask("Welke vijf netwerkdagen waren er?"), whole, lambda _: REPORT) == []
    assert find_list(_ask("Welke zes pijlers?"), whole, lambda _: REPORT) == []
