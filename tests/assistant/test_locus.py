"""The locus of a conversation: the report sentence the last answer was built from."""

from typing import cast

from assistant.locus import find_locus, last_answer, locus_window, told
from assistant.textmatch import Idf
from index import Passage

REPORT = (
    "Netwerkbijeenkomsten\n\n"
    "De bestuurlijke netwerkdag in januari in Gouda was klassiek georganiseerd. In onze pijler "
    "sprak Otto Raspe over regio's in transitie. De bestuurlijke netwerkdag in mei in Zaandam "
    "had als centraal thema migratie. In onze pijler sprak Cees Jan Pen met tips voor het "
    "nieuwe kabinet. De netwerkdagen in Sittard-Geleen stonden in het teken van transitie.\n\n"
    "Ruimte voor werken\n\nDe themagroep kwam zes keer bijeen."
)


def chunk(text: str, start: int, end: int, rank: int = 1) -> Passage:
    return Passage(rank, "jaarverslag-2024", "Jaarverslag 2024", 2024, "Netwerkbijeenkomsten",
                   text[start:end], start, end, 1.0)


def idf() -> Idf:
    return Idf([REPORT, "De pijler kwam bijeen.", "Het jaar was druk."])


def test_the_last_answer_is_read_without_its_citation_marks() -> None:
    history = [{"role": "user", "content": "Waar was de netwerkdag van mei?"},
               {"role": "assistant", "content": 'Zaandam: "De bestuurlijke netwerkdag ..." [1]'},
               {"role": "user", "content": "En wie sprak daar?"}]
    assert last_answer(history) == 'Zaandam: "De bestuurlijke netwerkdag ..."  '
    assert last_answer(history[:1]) == ""


def test_the_locus_is_the_sentence_the_answer_was_built_from() -> None:
    p = chunk(REPORT, 0, len(REPORT))
    answer = ('De netwerkdag van mei was in Zaandam: "De bestuurlijke netwerkdag in mei in '
              'Zaandam had als centraal thema migratie."  ')
    found = find_locus(answer, [p], idf(), 0.6)
    assert found is not None and found.sentence.startswith("De bestuurlijke netwerkdag in mei")
    assert found.years() == {2024}
    # An answer of many sentences (bullets of several events) rests on no one sentence.
    bullets = " ".join(s for s in REPORT.split(". ") if "pijler" in s)
    assert find_locus(bullets + " Zes keer bijeen, in Gouda, Zaandam en Sittard-Geleen.",
                      [p], idf(), 0.6) is None


def test_the_window_goes_on_after_the_locus_past_the_end_of_its_chunk() -> None:
    may = REPORT.index("De bestuurlijke netwerkdag in mei")
    # The chunk ends right after the locus sentence; the next sentence answers "wie sprak daar".
    p = chunk(REPORT, 0, REPORT.index("In onze pijler sprak Cees"))
    found = find_locus("Zaandam had als centraal thema migratie", [p], idf(), 0.6)
    assert found is not None and found.start == may
    window = locus_window("Wie sprak daar in onze pijler?", found, REPORT, idf(), 320)
    assert window is not None and window.start == may
    assert "Cees Jan Pen" in window.text and "Otto Raspe" not in window.text
    assert REPORT[window.start : window.end] == window.text
    # Never past the paragraph: the next section is another topic.
    assert "Ruimte voor werken" not in window.passage.text


def test_a_turn_without_text_is_skipped() -> None:
    # Clients send the history (`g40 ask --history`, the API): a turn may lack its text.
    history = cast(list[dict[str, str]], [
        {"role": "user"}, {"role": "assistant", "content": None},
        {"role": "assistant", "content": 'Zaandam: "De netwerkdag ..." [1]'}])
    assert last_answer(history) == 'Zaandam: "De netwerkdag ..."  '
    assert told(history, "Wie sprak daar?").split() == ["Zaandam:", "[1]", "Wie", "sprak", "daar?"]
