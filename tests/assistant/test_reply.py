"""Reading one model reply into a checked answer part (``assistant.reply``)."""

from assistant import prompts
from assistant.answers import Part
from assistant.evidence import EvidenceItem
from assistant.query import Ask
from assistant.reply import read_reply
from assistant.textmatch import Idf
from config import AssistantSettings, Settings
from index import Passage

TEXT = ("Op 14 juni is de citydeal dynamische binnensteden van start gegaan, 6 G40-steden doen "
        "hieraan mee. Dit biedt ook voor steden die niet deelnemen interessante inzichten.")


def _windows() -> list[EvidenceItem]:
    cut = TEXT.index("Dit biedt")
    passage = Passage(1, "jaarverslag-2030", "Jaarverslag 2030", 2030, "Binnensteden", TEXT, 0,
                      len(TEXT), 1.0)
    return [EvidenceItem(passage, TEXT[:cut].strip(), 0, cut - 1, 0.9),
            EvidenceItem(passage, TEXT[cut:], cut, len(TEXT), 0.5)]


def _idf(text: str) -> Idf:
    """Word weights of a one-window corpus: the window's text and two sentences of filler."""
    return Idf([text, "De pijler kwam bijeen.", "Het jaar was druk."])


def _one_window(text: str, section: str = "MKB") -> list[EvidenceItem]:
    """One window of one report sentence (or a few), as retrieved whole."""
    passage = Passage(1, "verslag-2030", "Verslag 2030", 2030, section, text, 0, len(text), 1.0)
    return [EvidenceItem(passage, text, 0, len(text), 0.9)]


def _read(raw: str, q: str, windows: list[EvidenceItem], idf: Idf,
          rules: AssistantSettings | None = None) -> Part:
    """The reply read for question ``q`` (one ask), the windows given as they were shown."""
    return read_reply(raw, Ask(q, q, q, q), windows, windows, "nl", rules or Settings().assistant,
                      idf, None)


def test_half_an_answer_to_two_joined_asks_gives_way_to_the_sentence_that_answers_both() -> None:
    q = "Op welke datum ging de citydeal dynamische binnensteden van start, en met hoeveel G40-steden?"
    raw = ("De citydeal dynamische binnensteden ging van start op 14 juni [1]. "
           "Dit biedt ook voor steden die niet deelnemen interessante inzichten [2].")
    windows = _windows()
    part = _read(raw, q, windows, _idf(TEXT))
    assert "6 G40-steden" in part.text and "14 juni" in part.text
    assert [i.text for i in part.items] == [windows[0].text]


def test_an_answer_to_both_joined_asks_is_kept() -> None:
    q = "Op welke datum ging de citydeal dynamische binnensteden van start, en met hoeveel G40-steden?"
    raw = "De citydeal ging op 14 juni van start [1], met 6 G40-steden [1]."
    windows = _windows()
    part = _read(raw, q, windows, _idf(TEXT))
    assert part.text.startswith("De citydeal ging op 14 juni van start")


def test_a_bare_answer_is_followed_by_the_report_sentence_it_cites() -> None:
    from assistant.reply import with_sentence

    windows = _windows()
    q = "Wanneer ging de citydeal dynamische binnensteden van start?"
    assert with_sentence("14 juni [1].", windows[:1], q, 5) == f'14 juni: "{windows[0].text}" [1]'
    # A sentence that says much beyond the question, two citations, or a window of several
    # sentences stay as they are.
    full = "De citydeal ging op 14 juni van start met zes steden uit het hele land [1]."
    assert with_sentence(full, windows[:1], "Wat weet je van de citydeal?", 5) == full
    assert with_sentence("14 juni [1][2].", windows, q, 5) == "14 juni [1][2]."
    whole = [EvidenceItem(windows[0].passage, TEXT, 0, len(TEXT), 1.0)]
    assert with_sentence("14 juni [1].", whole, q, 5) == "14 juni [1]."
    assert with_sentence("14 juni [1].", windows[:1], q, 0) == "14 juni [1]."
    # Without a limit (two asks kept as one question) any answer.
    told = "De citydeal dynamische binnensteden ging op 14 juni van start met zes steden [1]."
    assert with_sentence(told, windows[:1], q, None) == \
        f'De citydeal dynamische binnensteden ging op 14 juni van start met zes steden: "{windows[0].text}" [1]'
    # An answer that says what neither the question nor its sentence says ("uit het hele
    # land"): the sentence alone. An English answer is in other words by nature.
    assert with_sentence(full, windows[:1], q, None) == f'In de verslagen staat hierover: "{windows[0].text}" [1]'
    assert with_sentence(full, windows[:1], q, None, "en").startswith("De citydeal ging op 14 juni")


def test_a_restated_question_with_the_answer_put_in_gets_the_sentence_too() -> None:
    from assistant.reply import with_sentence

    windows = _windows()
    q = "Wanneer ging de citydeal dynamische binnensteden van start?"
    restated = "De citydeal dynamische binnensteden ging van start 14 juni [1]."
    assert with_sentence(restated, windows[:1], q, 5) == \
        f'De citydeal dynamische binnensteden ging van start 14 juni: "{windows[0].text}" [1]'


def test_two_asks_answered_in_one_sentence_get_the_sentence_it_rests_on() -> None:
    q = "Wanneer ging de citydeal dynamische binnensteden van start, en wat leverde het op?"
    raw = "De citydeal dynamische binnensteden ging van start op 14 juni [1]."
    windows = _windows()
    idf = _idf(TEXT)
    part = _read(raw, q, windows, idf)
    assert part.text == f'De citydeal dynamische binnensteden ging van start op 14 juni: "{windows[0].text}" [1]'
    # An answer to a question that asks one thing stays the model's own sentence when it says
    # more than a few words beyond the question and holds every name and number of the
    # sentence it cites; else the sentence follows.
    q = "Wanneer ging de citydeal dynamische binnensteden van start?"
    whole = "De citydeal dynamische binnensteden ging op 14 juni van start, 6 G40-steden doen hieraan mee [1]."
    assert _read(whole, q, windows, idf).text == whole
    part = _read(raw, q, windows, idf)
    assert part.text == f'De citydeal dynamische binnensteden ging van start op 14 juni: "{windows[0].text}" [1]'


def test_an_answer_with_a_number_its_sentence_lacks_gets_that_sentence() -> None:
    # "2030" is read from the report's title ("Jaarverslag 2030"), not from the sentence
    # cited: the reader sees the sentence and its own date, and not a short answer that
    # says what the sentence does not.
    q = "Hoe startte de citydeal dynamische binnensteden?"
    raw = "De citydeal dynamische binnensteden startte in 2030 [1]."
    windows = _windows()
    idf = _idf(TEXT)
    part = _read(raw, q, windows, idf)
    assert part.text == f'In de verslagen staat hierover: "{windows[0].text}" [1]'
    # Its numbers in the sentence (or in the question), or digits of a name ("G40"), and more
    # than a few words beyond the question: the model's sentence alone.
    raw = "De citydeal van 6 steden van de G40 ging op 14 juni van start en zij doen hieraan mee [1]."
    part = _read(raw, q, windows, idf)
    assert part.text == raw


DISCUSSED = "In oktober besprak de themagroep de voorbereiding op de Top Bestaanszekerheid."


def _discussed() -> tuple[list[EvidenceItem], Idf]:
    """One window whose date is that of a discussion of the Top, not of the Top itself."""
    passage = Passage(1, "jaarverslag-2030", "Jaarverslag 2030", 2030, "Sterke keten", DISCUSSED,
                      0, len(DISCUSSED), 1.0)
    return ([EvidenceItem(passage, DISCUSSED, 0, len(DISCUSSED), 0.9)],
            _idf(DISCUSSED))


def test_the_date_of_a_discussion_does_not_answer_when_the_event_was() -> None:
    windows, idf = _discussed()
    q = "Wanneer vond de Top Bestaanszekerheid plaats?"
    part = _read("De Top Bestaanszekerheid vond plaats in oktober [1].", q, windows, idf)
    assert part.text == "" and part.items == []  # refused: neither the answer nor a quote
    # Asked about the discussion itself, the same sentence answers.
    q = "Wanneer besprak de themagroep de Top Bestaanszekerheid?"
    part = _read("In oktober [1].", q, windows, idf)
    assert "oktober" in part.text and part.items[0].text == DISCUSSED


def test_a_date_asked_beside_another_ask_must_date_what_was_asked_too() -> None:
    windows, idf = _discussed()
    for q in ("Wanneer was de Top Bestaanszekerheid en wat kwam daaruit?",
              "Wanneer en waar werd de Top Bestaanszekerheid gehouden?"):
        part = _read("De Top Bestaanszekerheid werd gehouden in oktober [1].", q, windows, idf)
        assert part.items == [], q


def test_in_the_claims_mode_too_a_discussion_s_date_is_no_answer() -> None:
    windows, idf = _discussed()
    rules = Settings().assistant.model_copy(update={"answer_mode": "claims"})
    q = "Wanneer vond de Top Bestaanszekerheid plaats?"
    raw = '{"found": true, "claims": [{"text": "De Top Bestaanszekerheid was in oktober.", "sentences": [1]}]}'
    part = _read(raw, q, windows, idf, rules)
    assert part.items == []


CONTACT = "Meer informatie: Anna de Vries anna.devries@zwolle.nl"


def test_whom_to_write_to_answers_only_a_question_about_it() -> None:
    windows = _one_window(CONTACT)
    idf = _idf(CONTACT)
    claims = Settings().assistant.model_copy(update={"answer_mode": "claims"})
    q = "Wie trok de themagroep MKB in 2030?"
    part = _read("Anna de Vries trok de themagroep [1].", q, windows, idf)
    assert part.items == []  # neither the model's answer nor a quote of the contact line
    raw = '{"found": true, "claims": [{"text": "Anna de Vries trok de themagroep.", "sentences": [1]}]}'
    assert _read(raw, q, windows, idf, claims).items == []
    q = "Bij wie kon je terecht voor meer informatie over de themagroep MKB?"
    part = _read("Bij Anna de Vries [1].", q, windows, idf)
    assert "Anna de Vries" in part.text and part.items[0].text == CONTACT


HIGHLIGHTS = ("Hoogtepunten waren het symposium over de regio met UWV op 14 april in Apeldoorn, en "
              "het aanbieden van het actieplan met koningin Maxima op 15 november.")


def test_a_quoted_name_must_stand_in_the_clause_about_the_question() -> None:
    windows = _one_window(HIGHLIGHTS)
    idf = _idf(HIGHLIGHTS)
    # The model restates the question; the sentence names someone, but about the plan.
    q = "Wie sprak namens UWV op het symposium over de regio in Apeldoorn?"
    part = _read("Namens UWV sprak er iemand op het symposium [1].", q, windows, idf)
    assert part.items == []
    # Asked about the plan, the same sentence is quoted: the name stands in that clause.
    q = "Wie was er bij het aanbieden van het actieplan?"
    part = _read("Er was iemand bij het aanbieden van het actieplan [1].", q, windows, idf)
    assert "Maxima" in part.text and part.items[0].text == HIGHLIGHTS


START = ("Tijdens de netwerkdagen kwam de pijler voor het eerst bij elkaar in de nieuwe samenstelling. "
         "De pijler startte donderdag in De Landdrost met een mooi uitzicht over de stad.")


def test_the_window_pointed_at_by_a_restatement_needs_less_of_the_question() -> None:
    windows = _one_window(START, "Netwerkdagen")
    idf = Idf([START, "De pijler kwam bijeen.", "Op donderdag waren de netwerkdagen.",
               "Donderdag tijdens de netwerkdagen.", "Het jaar was druk."])
    q = "In welk gebouw begon de pijler op donderdag tijdens de netwerkdagen?"
    # "gebouw" and "begon" are not in the window: it covers less than half of the question.
    assert idf.coverage(q, START) < Settings().assistant.min_quote_coverage
    # The model restates the question and points at the window: its sentence with the name
    # is quoted.
    part = _read("De pijler begon op donderdag tijdens de netwerkdagen [1].", q, windows, idf)
    assert "Landdrost" in part.text and part.items[0].text.startswith("De pijler startte")
    # Without the pointer (the model found nothing), the window is not enough.
    assert _read(prompts.NOT_FOUND, q, windows, idf).items == []


def test_search_words_get_the_report_sentence_not_a_sentence_built_around_them() -> None:
    sentence = ("Tijdens de ambtelijke netwerkdag in Dordrecht spraken ambtenaren met de "
                "ministeries VRO en EZ over de nota ruimte.")
    windows = _one_window(sentence, "Netwerkbijeenkomsten")
    q = "ambtelijke netwerkdag nota ruimte"
    # A relation the report does not state ("georganiseerd door"), its names all in the sentence.
    raw = ("De ambtelijke netwerkdag over de nota ruimte werd in Dordrecht georganiseerd door de "
           "ministeries VRO en EZ [1].")
    part = _read(raw, q, windows, _idf(sentence))
    assert part.text == prompts.QUOTE["nl"].format(quote=sentence)
    assert [i.text for i in part.items] == [sentence]
    # A short value stays first, the sentence after it.
    part = _read("In Dordrecht [1].", q, windows, _idf(sentence))
    assert part.text.startswith("In Dordrecht:") and sentence in part.text
    # Asked as a question, the model's sentence is read as an answer.
    asked = "Wie organiseerde de ambtelijke netwerkdag over de nota ruimte?"
    assert _read(raw, asked, windows, _idf(sentence)).text.startswith("De ambtelijke netwerkdag")


def test_an_earlier_answer_read_before_the_ask_supports_nothing_in_it() -> None:
    from assistant.reply import with_sentence

    windows = _windows()
    first = "De citydeal kwam bijeen tijdens de netwerkdagen."  # the first ask's answer
    ask = "Wanneer ging de citydeal dynamische binnensteden van start?"
    said = "De citydeal dynamische binnensteden ging op 14 juni van start tijdens de netwerkdagen [1]."
    # Read after the first answer, "netwerkdagen" seems told; the ask alone does not tell it.
    assert with_sentence(said, windows[:1], f"{first} {ask}", None).startswith("De citydeal")
    assert with_sentence(said, windows[:1], f"{first} {ask}", None, "nl", ask) == \
        f'In de verslagen staat hierover: "{windows[0].text}" [1]'
