from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from config import Settings
from index import Library, ReportCards, Retriever, build_index
from index.cards import CardLine, make_card, openings, opens_paragraph, report_sentences
from index.embed import HashEmbedding
from ingest import Chunk


class CountingEmbedding(HashEmbedding):
    embedded: list[str] = []

    def _get_text_embedding(self, text: str) -> list[float]:
        self.embedded.append(text)
        return super()._get_text_embedding(text)


def _cards(settings: Settings) -> tuple[ReportCards, CountingEmbedding]:
    model = CountingEmbedding()
    model.embedded = []
    return ReportCards(settings, Retriever(settings, embed_model=model)), model


def test_every_line_is_the_report_text_at_its_offsets(settings: Settings) -> None:
    build_index(settings)
    cards, _ = _cards(settings)
    state = cards.retriever.state()  # type: ignore[union-attr]
    for rid in state.reports:
        card = cards.card(rid)
        text = state.text_of(rid)
        assert card.digest and card.sections
        for line in card.lines():
            assert text[line.start:line.end] == line.text
        sections = list(dict.fromkeys(c.section for c in sorted(state.chunks.values(), key=lambda c: c.start)
                                      if c.report_id == rid))
        assert [s.heading for s in card.sections] == [s for s in sections if any(
            s == x.heading for x in card.sections)]
        assert all(len(s.lines) <= settings.index.card_per_section for s in card.sections)
        assert len(card.digest) <= settings.index.card_digest
        assert len({line.section for line in card.digest}) == len(card.digest)  # one per section


def test_a_card_is_made_once_and_survives_a_metadata_edit(settings: Settings) -> None:
    build_index(settings)
    cards, model = _cards(settings)
    assert sorted(cards.missing()) == ["jaarverslag-2030", "positionpaper-2031"]
    assert cards.build_missing() == 2 and model.embedded
    model.embedded.clear()
    assert cards.card("jaarverslag-2030").title and model.embedded == []

    Library(settings).edit("jaarverslag-2030", "Jaarverslag van de pijler 2030", 2030, "jaarverslag")
    card = cards.card("jaarverslag-2030")
    assert card.title == "Jaarverslag van de pijler 2030" and model.embedded == []
    assert cards.missing() == []


def test_a_changed_report_gets_a_new_card_and_the_old_one_is_removed(settings: Settings, corpus: Path) -> None:
    build_index(settings)
    cards, model = _cards(settings)
    cards.build_missing()
    p = corpus / "positionpaper-2031.txt"
    p.write_text(p.read_text() + "\nNieuw punt: vijf proeftuinen voor stadslogistiek in de binnensteden.\n")
    build_index(settings)
    assert cards.missing() == ["positionpaper-2031"]
    assert cards.build_missing() == 1
    assert len(list(cards.cache_dir.glob("*.json"))) == 2
    assert any("proeftuinen" in line.text for line in cards.card("positionpaper-2031").lines())


def test_unknown_report_is_a_key_error(settings: Settings) -> None:
    build_index(settings)
    cards, _ = _cards(settings)
    with pytest.raises(KeyError):
        cards.card("bestaat-niet")


def test_sentences_are_distinct_and_long_enough() -> None:
    text = "Kop\n\nDe pijler kwam vier keer bijeen in het voorjaar. Kort.\n\nDe pijler kwam vier keer bijeen in het voorjaar."
    chunks = [Chunk("a", "r", "T", 2030, "verslag", "S", text[5:56], 5, 56),
              Chunk("b", "r", "T", 2030, "verslag", "S", text[58:], 58, len(text))]
    lines = report_sentences(chunks, min_chars=20)
    assert [line.text for line in lines] == ["De pijler kwam vier keer bijeen in het voorjaar."]
    assert text[lines[0].start:lines[0].end] == lines[0].text


def test_a_paragraphs_opening_sentence_is_favoured_in_the_digest_and_its_section() -> None:
    text = "Kop\n\nDe pijler sprak met het ministerie over werk. Het verslag staat online.\n\nDe citydeal startte."
    lines = [CardLine(t, text.index(t), text.index(t) + len(t), "Kop")
             for t in ("De pijler sprak met het ministerie over werk.", "Het verslag staat online.",
                       "De citydeal startte.")]
    assert openings(text, lines) == [True, False, True]
    # A list line's sentence opens its line; a passage may begin inside a paragraph.
    assert opens_paragraph("Kop\n• Werkcentrum Noord.", 6)
    assert not opens_paragraph(text, text.index("Het verslag"))
    # The second sentence is nearest the report's centre; with the bonus the opening one wins.
    vectors = np.array([[0.6, 0.8], [0.8, 0.6], [1.0, 0.0]])
    plain = make_card("r", {}, lines, vectors, 1, 1)
    favoured = make_card("r", {}, lines, vectors, 1, 1, openings(text, lines), 0.3)
    assert [x.text for x in plain.digest] == ["Het verslag staat online."]
    assert [x.text for x in favoured.digest] == ["De pijler sprak met het ministerie over werk."]
    assert favoured.sections[0].lines == favoured.digest


def test_g40_index_makes_the_cards_and_g40_reports_card_shows_one(settings: Settings) -> None:
    from g40.cli import app

    result = CliRunner().invoke(app, ["index"])
    assert result.exit_code == 0, result.output
    assert ReportCards(settings).missing() == []
    shown = CliRunner().invoke(app, ["reports", "card", "jaarverslag-2030", "--json"])
    assert shown.exit_code == 0 and '"digest"' in shown.output
    unknown = CliRunner().invoke(app, ["reports", "card", "bestaat-niet"])
    assert unknown.exit_code == 1 and "staat niet in de index" in unknown.output
