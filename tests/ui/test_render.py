from ui.render import answer_html, conversation_markdown


def test_answer_html_escapes_and_links_citations() -> None:
    html = answer_html(0, "A <b>x</b> [1].", True)
    assert "&lt;b&gt;" in html and "id='c-0-1'" in html
    assert "refusal" in answer_html(0, "Dat staat niet in de verslagen.", False)
    md = conversation_markdown([{"question": "V?", "answer": "A [1].", "citations": [
        {"n": 1, "title": "T", "year": 2030, "section": "S", "start": 1, "end": 5, "text": "tekst"}]}])
    assert "## Vraag 1" in md and "> tekst" in md


def test_a_broad_answer_is_rendered_as_a_list_with_a_citation_per_bullet() -> None:
    html = answer_html(2, "Drie thema's [1].\n- Ruimte <voor> werken [2]\n- MKB [3]", True)
    assert html.startswith("<p>Drie thema") and html.count("<li>") == 2
    assert "id='c-2-3'" in html and "&lt;voor&gt;" in html



def test_each_bullet_names_the_report_and_section_of_its_first_citation() -> None:
    cites = [{"n": n, "title": t, "section": sec} for n, t, sec in [
        (1, "Jaarverslag 2023", "Algemeen"), (2, "Jaarverslag 2024", "Ruimte <voor> werken"),
        (3, "Position paper", "Position paper")]]
    cites.append({"n": 4, "title": "Position paper", "section": "Werk"})
    html = answer_html(0, "In de verslagen staat hierover:\n- A [2]. B [1].\n- C [3].\n- D [4].",
                       True, citations=cites)
    assert "<li><span class='bullet-source'>Jaarverslag 2024 · Ruimte &lt;voor&gt; werken</span>A" in html
    # A section named as its report is not said twice; a report named just before, not again.
    assert "<li><span class='bullet-source'>Position paper</span>C" in html
    assert "<li><span class='bullet-source'>Werk</span>D" in html


def test_a_bullet_that_opens_with_its_heading_is_labelled_by_its_report_alone() -> None:
    cites = [{"n": 1, "title": "Position paper", "section": "Werk", "text": "Werk"},
             {"n": 2, "title": "Position paper", "section": "Werk", "text": "Zorg voor werk."},
             {"n": 3, "title": "Position paper", "section": "Arbeidsmigratie",
              "text": "Arbeidsmigratie"}]
    html = answer_html(0, "In de verslagen staat hierover:\n- Werk [1]: Zorg voor werk [2].\n"
                       "- Arbeidsmigratie [3]: ...", True, citations=cites)
    assert "<li><span class='bullet-source'>Position paper</span>Werk" in html
    assert "<li>Arbeidsmigratie" in html  # the same report, its heading in the text: no label


def _card():  # type: ignore[no-untyped-def]
    from index import CardLine, ReportCard
    from index.cards import CardSection

    a = CardLine("De pijler <kwam> vier keer bijeen.", 10, 44, "Netwerk")
    b = CardLine("Zes regio's doen mee aan de MKB-aanpak.", 60, 99, "MKB")
    return ReportCard("jaarverslag-2030", "Jaarverslag & meer", 2030, "jaarverslag", [a, b],
                      [CardSection("Netwerk", [a]), CardSection("MKB <aanpak>", [b])])


def test_a_report_card_numbers_each_sentence_once_and_escapes_the_report_text() -> None:
    from ui.render import card_html, card_numbers

    card = _card()
    assert list(card_numbers(card).values()) == [1, 2]  # digest and section share the number
    html = card_html(card)
    assert "Jaarverslag &amp; meer" in html and "&lt;kwam&gt;" in html and "MKB &lt;aanpak&gt;" in html
    assert html.count("data-cite='card|jaarverslag-2030|1'") == 2
    assert "<details>" in html and "In het kort" in html


def test_a_source_opened_from_a_card_leads_back_to_the_card() -> None:
    from ui.render import source_html

    citation = {"n": 1, "source": "jaarverslag-2030", "title": "T", "year": 2030, "section": "S"}
    from_card = source_html(citation, "voor ", "zin", " na", from_card=True)
    assert "Terug naar de rapportkaart" in from_card and "back-to-answer" not in from_card
    from_answer = source_html(citation, "voor ", "zin", " na")
    assert "back-to-answer" in from_answer and "data-card='jaarverslag-2030'" in from_answer


def test_a_corrected_typo_is_named_above_the_answer_escaped() -> None:
    html = answer_html(0, "Frank den Brok [1].", True, {"voorziter": "voorzitter", "<x>": "y"})
    assert html.startswith("<p class='spelling muted'>Gelezen als: <b>voorzitter</b> (getypt: voorziter)")
    assert "&lt;x&gt;" in html and "<x>" not in html
    assert "Gelezen als" in answer_html(0, "Dat staat niet in de verslagen.", False, {"a": "b"})
    assert "Gelezen als" not in answer_html(0, "Frank den Brok [1].", True, {})


def test_citations_in_a_row_from_one_report_name_it_once() -> None:
    from ui.render import citations_html

    def c(n: int, source: str, section: str) -> dict[str, object]:
        return {"n": n, "source": source, "title": f"Titel {source}", "year": 2024,
                "section": section, "text": f"zin {n}"}

    html = citations_html(0, [c(1, "a", "X"), c(2, "a", "X"), c(3, "a", "Y"), c(4, "b", "Y")])
    assert html.count("<b>Titel a</b>") == 1 and html.count("<b>Titel b</b>") == 1
    assert html.count("<i>X</i>") == 1 and html.count("<i>Y</i>") == 2  # Y again under report b
    assert html.count("data-card='a'") == 1
    for n in range(1, 5):  # every citation keeps its own link
        assert f"id='s-0-{n}'>[{n}]</a>" in html and f"zin {n}" in html


def test_a_cited_heading_is_shown_once_as_its_section_name() -> None:
    from ui.render import citations_html

    cites = [{"n": 1, "source": "pp", "title": "Position paper", "year": 2025,
              "section": "Arbeidsmigratie", "text": "Arbeidsmigratie"},
             {"n": 2, "source": "pp", "title": "Position paper", "year": 2025,
              "section": "Arbeidsmigratie", "text": "Regel eerlijke arbeidsvoorwaarden."}]
    html = citations_html(0, cites)
    assert html.count("Arbeidsmigratie") == 1 and "id='s-0-1'>[1]</a>" in html
    assert "Regel eerlijke arbeidsvoorwaarden." in html


def test_a_paragraph_below_a_list_is_shown_too() -> None:
    html = answer_html(0, "Drie thema's [1]:\n- Werk [2].\n- MKB [3].\n\nOp de vraag \"Wie?\" geen antwoord.", True)
    assert html.index("<ul") < html.index("Op de vraag") and html.count("<li>") == 2
    assert html.startswith("<p>Drie thema") and html.endswith("geen antwoord.</p>")
