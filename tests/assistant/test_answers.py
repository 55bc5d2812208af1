"""Joining the answers to two asks (citations renumbered over the whole, a shared window once),
and a broad answer's bullets (one per section, a citation per sentence)."""

from assistant.answers import Part, cite, join_parts, section_bullets
from assistant.evidence import EvidenceItem
from index import Passage

TEXT = "Anna de Vries sprak in Zwolle. Er waren 14 pilots. Het thema was circulaire economie."


def _item(start: int, end: int) -> EvidenceItem:
    passage = Passage(1, "jaarverslag-2030", "Jaarverslag 2030", 2030, "Netwerk", TEXT, 0, len(TEXT), 1.0)
    return EvidenceItem(passage, TEXT[start:end], start, end, 1.0)


def test_second_answer_is_renumbered_and_a_shared_window_keeps_its_number() -> None:
    anna, pilots, theme = _item(0, 30), _item(31, 50), _item(51, len(TEXT))
    first = Part("Anna de Vries [1].", [anna], [])
    # The second answer cites its own [1] (the theme) and [2] (the window the first one cited).
    second = Part("Circulaire economie [1], zei Anna de Vries [2]. Ook 14 pilots [3].",
                  [theme, _item(0, 30), pilots], [])
    text, items = join_parts([first, second], ["Wie sprak?", "Wat was het thema?"], "nl")
    assert text == "Anna de Vries [1]. Circulaire economie [2], zei Anna de Vries [1]. Ook 14 pilots [3]."
    assert items == [anna, theme, pilots]


def test_a_sentence_quoted_for_the_first_ask_is_not_quoted_again_for_the_second() -> None:
    anna = _item(0, 30)
    first = Part(f'Anna de Vries: "{anna.text}" [1]', [anna], [])
    second = Part(f'In Zwolle: "{anna.text}" [1]', [_item(0, 30)], [])
    text, items = join_parts([first, second], ["Wie sprak?", "Waar?"], "nl")
    assert text == f'Anna de Vries: "{anna.text}" [1] In Zwolle [1].'
    assert items == [anna]


def test_an_unanswered_ask_is_named_without_a_citation() -> None:
    first = Part("", [], [])
    second = Part("Er waren 14 pilots [1].", [_item(31, 50)], [])
    text, items = join_parts([first, second], ["Wie sprak?", "Hoeveel pilots waren er?"], "nl")
    assert text == 'Op de vraag "Wie sprak?" geven de verslagen geen antwoord. Er waren 14 pilots [1].'
    assert len(items) == 1


def test_a_citation_stands_before_the_closing_punctuation() -> None:
    assert cite("Er waren 14 pilots.", 3) == "Er waren 14 pilots [3]."
    assert cite("met als aandachtspunten:", 2) == "met als aandachtspunten [2]:"
    assert cite("Ruimte voor werken", 1) == "Ruimte voor werken [1]"
    # Two sentences read together: each carries the citation.
    assert cite("Er waren 14 pilots. Die liepen goed.", 2) == "Er waren 14 pilots [2]. Die liepen goed [2]."


def test_sentences_of_one_section_share_a_bullet_and_keep_their_own_citations() -> None:
    other = Passage(2, "jaarverslag-2031", "Jaarverslag 2031", 2031, "Netwerk", TEXT, 0, len(TEXT), 1.0)
    items = [_item(0, 30), _item(31, 50), EvidenceItem(other, TEXT[51:], 51, len(TEXT), 1.0)]
    assert section_bullets(items, 4) == [
        "- Anna de Vries sprak in Zwolle [4]. Er waren 14 pilots [5].",
        "- Het thema was circulaire economie [6].",
    ]


def test_a_section_read_whole_goes_on_in_the_next_bullet() -> None:
    heading = EvidenceItem(_item(0, 30).passage, "Netwerk", 0, 7, 1.0, heading=True)
    items = [heading, _item(0, 30), _item(31, 50), _item(51, len(TEXT))]
    assert section_bullets(items, 1, per_bullet=2) == [
        "- Netwerk [1]: Anna de Vries sprak in Zwolle [2]. Er waren 14 pilots [3].",
        "- Het thema was circulaire economie [4].",
    ]


def test_a_sentence_with_its_list_reads_as_one_line() -> None:
    text = "met als aandachtspunten:\n\n• Ruimte voor economie\n• een inclusieve arbeidsmarkt."
    assert cite(text, 3) == "met als aandachtspunten: Ruimte voor economie; een inclusieve arbeidsmarkt [3]."
