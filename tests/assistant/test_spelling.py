"""Typos corrected to the reports' words, real words and names left alone (real word lists)."""

from assistant.spelling import Speller, is_known_word

REPORTS = ["De voorzitter van de pijler opende het symposium met UWV op vrijdag in Apeldoorn.",
           "Denis Crompvoets en Yvonne Salvino namen het initiatief; zes regio’s deden mee."]


def test_a_typo_becomes_the_closest_report_word_and_is_named() -> None:
    speller = Speller(REPORTS)
    spelled = speller.correct("voorziter pijler sympsoium datum vrijdg")
    # A swapped pair of letters is one edit; the fixes say what was read instead.
    assert spelled.text == "voorzitter pijler symposium datum vrijdag"
    assert spelled.fixes == {"voorziter": "voorzitter", "sympsoium": "symposium", "vrijdg": "vrijdag"}


def test_an_apostrophe_left_out_is_restored_as_the_reports_write_it_and_a_capital_kept() -> None:
    spelled = Speller(REPORTS).correct("Hoeveel regios deden mee? Voorziter?")
    assert spelled.text == "Hoeveel regio’s deden mee? Voorzitter?"
    # Another apostrophe than the reports' is no typo.
    assert Speller(REPORTS).correct("Hoeveel regio's?").fixes == {}


def test_real_words_the_reports_do_not_use_stay_as_typed() -> None:
    # "burgemeester" is Dutch, "migration" English: what makes a question unanswerable stays.
    assert is_known_word("burgemeester") and is_known_word("migration")
    spelled = Speller(REPORTS).correct("Wie is de burgemeester van Utrecht? What about migration?")
    assert spelled.fixes == {} and spelled.text.startswith("Wie is de burgemeester van Utrecht?")


def test_names_get_one_edit_at_most_and_short_words_none() -> None:
    speller = Speller(REPORTS)
    assert speller.correct("Wat deed Cromptvoets?").fixes == {"Cromptvoets": "Crompvoets"}
    # Two edits from a report name: more likely another person than a typo.
    assert speller.correct("Wat deed Crampvoits?").fixes == {}
    assert Speller(REPORTS, min_length=4).correct("uvw bnd").fixes == {}
    # Two edits are allowed from the given length on (not for shorter words).
    assert Speller(REPORTS, long_word=8).correct("vorzittr").fixes == {"vorzittr": "voorzitter"}
    assert Speller(REPORTS, long_word=20).correct("vorzittr").fixes == {}


def test_the_word_lists_are_read_only_for_a_word_near_a_report_word() -> None:
    from assistant import spelling

    spelling._dictionaries.cache_clear()
    Speller(REPORTS).correct("Wat deed de voorzitter aan arbeidsmigratie?")
    assert spelling._dictionaries.cache_info().currsize == 0  # ~1 s saved per fresh process
    Speller(REPORTS).correct("Wat deed de voorziter?")
    assert spelling._dictionaries.cache_info().currsize == 1


def test_the_warm_up_reads_the_word_lists() -> None:
    from assistant import spelling

    spelling._dictionaries.cache_clear()
    spelling.load_word_lists()
    assert spelling._dictionaries.cache_info().currsize == 1
