"""The kind of answer a question asks for, and whether a sentence gives it."""

import pytest

from assistant.answertype import (
    DATE,
    NAME,
    NUMBER,
    answer_type,
    answered_by,
    asked_role,
    asks_two,
    fits,
    split_asks,
    two_in_one,
)


@pytest.mark.parametrize(("question", "kind", "counted"), [
    ("Hoeveel regio's doen mee aan de MKB-aanpak?", NUMBER, "regio's"),
    ("Hoeveel nieuwe regionale werkcentra zijn er in 2025 geopend?", NUMBER, "werkcentra"),
    # A compound written as two words: a count of either word will do; "meer dan 10" is no
    # part of it.
    ("hoeveel mkb bedrijven meer dan 10 werknemers", NUMBER, "mkb bedrijven"),
    ("Hoe vaak kwam de themagroep bijeen?", NUMBER, ""),
    ("According to the 2024 report, how many pilots were there?", NUMBER, ""),
    ("Wanneer ging de citydeal van start?", DATE, ""),
    ("In welke stad hield de G40 een werkconferentie?", NAME, ""),
    ("Op wiens advies is het akkoord gebaseerd?", NAME, ""),
    # A relative "wie" is no question word; two asks in one question are not typed.
    ("Welk initiatief noemt de G40 voor mensen voor wie werk niet haalbaar is?", None, ""),
    ("Wanneer ging de citydeal van start, en tot welk pact leidde het?", None, ""),
    ("Wat deed de pijler in 2024 aan ruimte voor werken?", None, ""),
    ("Welke zes G40-steden nemen deel aan de citydeal?", NAME, ""),
    ("Wat kost een basisbaan per deelnemer?", NUMBER, ""),
])
def test_answer_type(question: str, kind: str | None, counted: str) -> None:
    t = answer_type(question)
    assert (t.kind, t.counted) == (kind, counted)


def test_a_count_of_a_compound_written_as_two_words_fits() -> None:
    q = "hoeveel mkb bedrijven meer dan 10 werknemers"
    assert fits("Het gaat om 355.000 bedrijven met meer dan 10 werknemers.", q)
    assert not fits("Het gaat om bedrijven met meer dan 10 werknemers.", q)


def test_a_count_must_count_the_asked_thing() -> None:
    q = "Hoeveel ondernemers zijn in 2024 bereikt met de pilot?"
    assert not fits("In 2024 ging in 6 regio's de pilot van start.", q)
    assert not fits("De pilot is een succes.", q)
    assert fits("Het streven is 100.000 ondernemers te bereiken.", q)
    assert fits("Er deden zes G40-steden mee.", "Hoeveel steden deden mee?")


def test_a_unit_sign_counts_as_its_word() -> None:
    q = "Hoeveel procent van de ondernemers investeert in de toekomst?"
    assert fits("Toch investeert slechts 15% in de toekomst.", q)
    assert not fits("Het gaat om 12 steden.", q)
    assert fits("Er is € 5 miljoen beschikbaar.", "Hoeveel euro is er beschikbaar?")


def test_a_name_must_be_new_and_a_date_must_be_given() -> None:
    q = "Wie was voorzitter van de pijler vóór Frank den Brok?"
    assert not fits("Frank den Brok was al eerder gekozen als voorzitter.", q)
    assert fits("Daarvoor was Anna de Vries voorzitter.", q)
    assert fits("Amersfoort.", "In welke stad werden de conclusies besproken?")
    assert fits("De citydeal startte op 14 juni.", "Wanneer startte de citydeal?")
    assert not fits("De citydeal startte officieel.", "Wanneer startte de citydeal?")


def test_how_often_is_also_answered_by_a_frequency_word() -> None:
    q = "Hoe vaak overlegden de adviseurs met het adviesbureau?"
    assert fits("Zij vergaderden maandelijks met het adviesbureau.", q)
    assert fits("Ze overlegden twee keer per jaar.", q)
    assert not fits("Zij overlegden met het adviesbureau.", q)
    # Only for "hoe vaak": a frequency word is no count of regions.
    assert not fits("De regio's overlegden maandelijks.", "Hoeveel regio's overlegden?")


def test_untyped_questions_accept_any_text() -> None:
    assert fits("Een pact voor waardevolle kernen.", "Wat deed de pijler aan binnensteden?")


def test_a_known_name_with_one_more_generic_word_is_not_new() -> None:
    q = "In welke stad stond de campusontwikkeling op de agenda, met het Netwerk Kennissteden?"
    assert not fits("De relatie met het Netwerk Kennissteden Nederland werd aangehaald.", q)
    assert fits("Tijdens de AND in Oss was de campusontwikkeling onderwerp van gesprek.", q)


@pytest.mark.parametrize(("question", "two"), [
    ("Hoeveel ambtelijke netwerkdagen waren er in 2024 en hoeveel in 2025?", True),
    ("In welke steden vonden de bijeenkomsten met UWV in 2023 en in 2024 plaats?", True),
    ("Wanneer ging de citydeal van start, en tot welk pact leidde het?", True),
    ("Hoeveel regio's doen in 2025 mee aan de regionale MKB-aanpak?", False),
    ("Wie sprak er over onderwijs en arbeidsmarkt?", False),
    ("Wie sprak namens de pijler, en waarover?", True),
])
def test_two_asks_get_evidence_for_each(question: str, two: bool) -> None:
    assert asks_two(question) is two


@pytest.mark.parametrize(("question", "asks"), [
    ("Wanneer ging de citydeal van start, en tot welk pact leidde het werk aan de binnensteden?",
     ["Wanneer ging de citydeal van start?", "Tot welk pact leidde het werk aan de binnensteden?"]),
    ("Wie werd in 2022 pijlervoorzitter, en welke rol had hij in 2025 in het overleg?",
     ["Wie werd in 2022 pijlervoorzitter?", "Welke rol had hij in 2025 in het overleg?"]),
    # The second ask leans on the first for what it counts: kept together.
    ("Hoeveel ambtelijke netwerkdagen waren er in 2024 en hoeveel in 2025?",
     ["Hoeveel ambtelijke netwerkdagen waren er in 2024 en hoeveel in 2025?"]),
    ("In welke steden vonden de bijeenkomsten met UWV in 2023 en in 2024 plaats?",
     ["In welke steden vonden de bijeenkomsten met UWV in 2023 en in 2024 plaats?"]),
    ("Wie sprak er over onderwijs en arbeidsmarkt?", ["Wie sprak er over onderwijs en arbeidsmarkt?"]),
])
def test_two_asks_are_split_into_questions_of_their_own(question: str, asks: list[str]) -> None:
    assert split_asks(question) == asks


def test_a_place_is_no_acronym_but_an_organisation_may_be() -> None:
    q = "In welke gemeenten draaien de 12 pilots van het programma ruimte voor werken?"
    assert not fits("De 12 pilots draaien in de Tweede Kamer.", q)
    assert not fits("Het programma dat EZK naar de Tweede Kamer stuurde.", q)
    assert fits("De pilots draaien in Zwolle en Oss.", q)
    assert fits("Dat was het UWV.", "Met welke organisatie hield de G40 een werkconferentie?")


def test_a_name_inside_a_longer_question_word_is_still_new() -> None:
    assert fits("Dat was in Ede.", "In welke gemeente werd het geld bestede?")


def test_a_typed_ask_is_seen_also_when_the_asks_stay_joined() -> None:
    from assistant.answertype import typed_ask

    assert typed_ask("Hoeveel ambtelijke netwerkdagen waren er in 2024 en hoeveel in 2025?")
    assert typed_ask("Wanneer en aan wie werd het actieprogramma aangeboden?")
    assert typed_ask("Welk bedrag vraagt de G40 voor de regio's?")
    assert not typed_ask("Welke netwerkdagen waren er in 2024 en wat stond daar centraal?")
    assert not typed_ask("Wat deed de pijler aan arbeidsmigratie?")


def test_a_count_of_a_hyphenated_compound_is_seen_next_to_its_head() -> None:
    assert fits("Er doen 6 G40-steden mee.", "Hoeveel G40-steden doen mee?")
    assert not fits("Er doen 6 regio's mee.", "Hoeveel G40-steden doen mee?")


def test_joined_typed_asks_are_checked_each() -> None:
    from assistant.answertype import fits_all, joined_asks

    asks = joined_asks("Op welke datum ging de citydeal van start, en met hoeveel G40-steden?")
    assert [t.kind for _, t in asks] == [DATE, NUMBER]
    assert fits_all("Op 14 juni ging de citydeal van start, 6 G40-steden doen mee.", asks)
    assert not fits_all("De citydeal ging op 14 juni van start.", asks)
    # An untyped ask cannot be checked: no list, the caller keeps its other checks.
    assert joined_asks("Wanneer was de netwerkdag en wat stond daar centraal?") == []
    assert joined_asks("Hoeveel pilots waren er?") == []


def test_waar_asks_for_a_place_unless_its_preposition_stands_alone() -> None:
    where = answer_type("Waar werden de bestuurlijke netwerkdagen dat jaar gehouden?")
    assert where.kind == NAME and where.place
    assert answer_type("Waar kwam die CoP in 2025 bij elkaar?").place
    assert not fits("De netwerkdagen werden in september gehouden.", "Waar werden de netwerkdagen gehouden?")
    assert fits("De netwerkdagen werden in Gouda gehouden.", "Waar werden de netwerkdagen gehouden?")
    # "waarop", "waarvoor" split: the question asks for a thing, not a place.
    assert answer_type("Waar richt de samenwerking zich nu vooral op, na het programma?").kind is None
    assert answer_type("Waar pleit de G40 voor als het gaat om de financiering?").kind is None
    assert answer_type("Waar gaat het gesprek over?").kind is None
    # The preposition before the verbs that close the clause is stranded too; with its noun
    # ("in Breda", "in juni") the question still asks where.
    assert answer_type("Waar heeft de themagroep in 2030 aan gewerkt?").kind is None
    assert answer_type("Waar was de pijler mee bezig?").kind is None
    assert answer_type("Waar vond de netwerkdag in Breda plaats?").place
    assert answer_type("Waar werd de bijeenkomst in juni gehouden?").place
    assert answer_type("Waar werd het plan voor werken gepresenteerd?").place


def test_a_date_must_date_what_was_asked_not_a_discussion_of_it() -> None:
    q = "Wanneer ging de nieuwe wet in?"
    assert not fits("In maart bespraken we de nieuwe wet met het ministerie.", q)
    assert fits("De nieuwe wet ging op 1 januari in.", q)
    # Clause by clause: the programme's date stands in a clause of its own.
    assert fits("De conclusies zijn besproken in Amersfoort en ingebracht voor het programma, "
                "dat op 13 oktober verscheen.", "Wanneer verscheen het programma?")
    assert fits("In maart bespraken we de nieuwe wet.", "Wanneer werd de nieuwe wet besproken?")
    # "praktijk" is no form of "praten".
    assert fits("In de praktijk startte de pilot in mei.", "Wanneer startte de pilot?")


@pytest.mark.parametrize(("question", "two"), [
    ("Wie sprak namens de pijler, en waarover?", True),
    ("Wie gaf de inleiding in Hoorn, en waarover ging die?", True),
    ("Wie sprak namens de pijler in de stad?", False),
    ("En met wie spraken de wethouders daar?", False),  # a follow-up's opening
    ("spreker netwerkdag stad 2030", False),
])
def test_two_asks_in_one_question_are_told_from_a_follow_up_s_en(question: str, two: bool) -> None:
    assert two_in_one(question) is two


def test_the_digits_of_a_name_are_no_number() -> None:
    from assistant.textmatch import numbers

    assert numbers("6 G40-steden doen mee, de G40 telt 41 steden.") == {"6", "41"}
    assert numbers("100.000 ondernemers, 15% en twee regio's") == {"100000", "15", "2"}


def test_an_acronym_of_the_question_s_words_is_no_new_name() -> None:
    q = "Wie is de voorzitter van het Netwerk Kennissteden Nederland?"
    assert not fits("De voorzitter van de NKN neemt deel aan de netwerkdagen.", q)
    assert fits("Anna de Vries is voorzitter van het NKN.", q)
    assert not fits("Daar sprak de directeur van EZK.", "Wie sprak namens Economische Zaken en Klimaat?")
    assert fits("Daar sprak de directeur van UWV.", "Wie sprak namens Economische Zaken en Klimaat?")


def test_initials_of_unrelated_words_spell_no_acronym() -> None:
    # "richting waar mensen" is no name: "RWM" (a VNG commission) stays a new name.
    q = "Wie gaf richting waar mensen werken?"
    assert answer_type(q).kind == NAME and fits("Dat deed de commissie RWM.", q)


def test_a_question_for_a_town_is_answered_by_a_town_it_does_not_name() -> None:
    q = "In welke stad werd het programma aan minister Adriaansens aangeboden?"
    assert answer_type(q).town and answer_type("Welke provincie doet mee?").place
    assert not answer_type("Welke provincie doet mee?").town
    # Any other capitalised word is no answer to it, nor is the town the question names.
    assert not fits("Het programma is in aanwezigheid van koningin Maxima aangeboden.", q)
    assert fits("Het programma werd in Zwolle aangeboden [1].", q)
    assert not fits("Het werd in Apeldoorn besproken.", "Van welke gemeente naast Apeldoorn kwam hij?")


def test_a_question_for_a_role_s_holder_needs_sentences_that_name_the_role() -> None:
    assert asked_role("Wie is de voorzitter van het netwerk?") == "voorzitter"
    assert asked_role("Welke groepen zijn er, en wie waren de trekkers?") == "trekkers"
    assert asked_role("Wie werd de nieuwe voorzitter?") == "voorzitter"
    assert asked_role("Aan wie werd het actieplan aangeboden?") == ""  # no role asked
    q = "Wie is de voorzitter van het Netwerk Kennissteden?"
    guest = "In Tilburg was Floor Vermeulen (Netwerk Kennissteden) te gast."
    assert not answered_by([guest], q)  # a name beside the network, in another role
    assert answered_by(["Floor Vermeulen is voorzitter van het Netwerk Kennissteden."], q)
    assert answered_by(["Frank den Brok is pijlervoorzitter."], "Wie is de voorzitter van de pijler?")
    assert answered_by([guest], "Wie was er te gast in Tilburg?")
