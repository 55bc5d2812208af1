from assistant.citations import check_citations, split_answer

PASSAGES = [
    "In de vorm van 12 pilots kan worden geëxperimenteerd met financieringsconstructies.",
    "In onze pijler sprak Otto Raspe in Gouda over regio's die voorop lopen.",
]


def test_invalid_citation_is_removed_and_sentence_repaired() -> None:
    checked = check_citations("Er komen 12 pilots voor financieringsconstructies [7].", PASSAGES)
    assert checked.text == "Er komen 12 pilots voor financieringsconstructies [1]."
    assert checked.removed_invalid == 1 and checked.repaired == 1 and checked.order == [0]


def test_wrong_citation_is_moved_to_the_supporting_passage() -> None:
    checked = check_citations("Otto Raspe sprak in Gouda [1].", PASSAGES)
    assert checked.text == "Otto Raspe sprak in Gouda [1]." and checked.order == [1]


def test_unsupported_sentence_is_dropped_and_reported() -> None:
    checked = check_citations("Er komen 12 pilots voor financieringsconstructies [1]. "
                              "De G40 is opgeheven [2].", PASSAGES)
    assert checked.text == "Er komen 12 pilots voor financieringsconstructies [1]."
    assert checked.dropped == ["De G40 is opgeheven."]


def test_number_not_in_passage_flags_the_sentence() -> None:
    checked = check_citations("Er komen 15 pilots voor financieringsconstructies [1].", PASSAGES)
    assert checked.text == "" and checked.dropped


def test_name_not_in_passage_flags_the_sentence() -> None:
    checked = check_citations("In Gouda sprak Jan Jansen over regio's [2].", PASSAGES)
    assert checked.text == ""


def test_renumbering_in_order_of_first_appearance() -> None:
    answer = "Otto Raspe sprak in Gouda [2]. Er komen 12 pilots voor financieringsconstructies [1]."
    checked = check_citations(answer, PASSAGES)
    assert checked.text == ("Otto Raspe sprak in Gouda [1]. "
                            "Er komen 12 pilots voor financieringsconstructies [2].")
    assert checked.order == [1, 0]


def test_split_answer_reads_multiple_markers() -> None:
    assert split_answer("Dit klopt [1, 2]. En dit ook [3].") == [("Dit klopt.", [1, 2]),
                                                                 ("En dit ook.", [3])]


def test_sentence_joining_two_passages_cites_both() -> None:
    passages = ["In 2024 waren er drie ambtelijke netwerkdagen.",
                "In 2025 werden twee ambtelijke netwerkdagen georganiseerd.",
                "De pijler sprak met UWV."]
    checked = check_citations("Er waren 3 ambtelijke netwerkdagen in 2024 en 2 in 2025 [1].", passages)
    assert checked.text == "Er waren 3 ambtelijke netwerkdagen in 2024 en 2 in 2025 [1][2]."
    assert checked.order == [0, 1] and not checked.dropped
    # A number that only an uncited passage has: the model mixed two facts, not joined them.
    checked = check_citations("De pijler sprak met UWV over 3 netwerkdagen [3].", passages)
    assert checked.text == "" and checked.dropped
    # A number that neither passage has still sinks the sentence.
    checked = check_citations("Er waren 4 ambtelijke netwerkdagen in 2024 en 2 in 2025 [1].", passages)
    assert checked.text == "" and checked.dropped


def test_an_address_must_be_in_the_passage_exactly() -> None:
    from assistant.textmatch import unknown_facts

    passage = "Contact: t.leistra@oss.nl en (06) 1553 9715, secretaris G40 Pijler Economie en Werk."
    assert unknown_facts("Het e-mailadres is tjeerd.leistra@oss.nl.", passage) == ["tjeerd.leistra@oss.nl"]
    assert unknown_facts("Het e-mailadres is t.leistra@oss.nl.", passage) == []
    checked = check_citations("De secretaris is bereikbaar via tjeerd.leistra@oss.nl [1].", [passage])
    assert "tjeerd" not in checked.text and checked.dropped


def test_a_month_must_be_in_the_passage_it_cites() -> None:
    from assistant.textmatch import months, unknown_facts

    plan = "De hoofdonderwerpen van het werkplan waren de vernieuwing van de Participatiewet."
    talk = "In maart bespraken we de vernieuwing van de Participatiewet met het ministerie."
    assert unknown_facts("De nieuwe Participatiewet gaat in maart in.", plan) == ["month 3"]
    assert unknown_facts("De nieuwe Participatiewet gaat in maart in.", talk) == []
    assert unknown_facts("They discussed it in March.", talk) == []  # across languages
    assert months("The group may meet again.") == set() and months("on 15 May 2024") == {5}
    # Cited to a passage without the month, it moves to the one that has it.
    checked = check_citations("De Participatiewet werd in maart besproken [1].", [plan, talk])
    assert checked.text == "De Participatiewet werd in maart besproken [1]." and checked.order == [1]
