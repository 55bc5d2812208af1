from ingest import clean


def test_hyphenation_across_line_break_is_joined() -> None:
    doc = clean("Dat betekent integrale verstedelijkings-\nafspraken met het rijk.")
    assert "verstedelijkingsafspraken met het rijk." in doc.text


def test_elided_compound_keeps_hyphen() -> None:
    doc = clean("de doorontwikkeling van sociaal werk-\nnaar sociaal ontwikkelbedrijf.")
    assert "sociaal werk- naar sociaal" in doc.text


def test_hard_line_breaks_inside_paragraph_are_unwrapped() -> None:
    raw = ("Het jaar ging van start met de G40 lobbyagenda. Voor economie een bestendiging van de in \n"
           "2022 gekozen speerpunten; ruimte voor werken.\n")
    assert clean(raw).text == ("Het jaar ging van start met de G40 lobbyagenda. Voor economie een "
                               "bestendiging van de in 2022 gekozen speerpunten; ruimte voor werken.")


def test_page_gap_inside_sentence_is_closed() -> None:
    raw = "goed bezochte bijeenkomsten met experts en \n\n\n\nonderlinge kennisuitwisseling. \n"
    assert clean(raw).text == "goed bezochte bijeenkomsten met experts en onderlinge kennisuitwisseling."


def test_headings_are_detected_from_real_report_lines() -> None:
    raw = (" \nJaarverslag G40 pijler Economie en Werk 2024 \n \nRuimte voor werken \n"
           "Doelstelling is voldoende ruimte voor economie en werk in de steden. Die ruimte staat \n"
           "onder druk door de woningbouwopgave.\n \nVitale binnensteden \nDe doelstelling: vitale binnensteden.\n")
    doc = clean(raw)
    assert doc.headings == ["Jaarverslag G40 pijler Economie en Werk 2024", "Ruimte voor werken",
                            "Vitale binnensteden"]


def test_wrapped_paragraph_line_is_not_a_heading() -> None:
    raw = ("\nDe G40 is een netwerk van 41 (middelgrote) steden. In de \nG40 wisselen we kennis uit.\n")
    assert clean(raw).headings == []


def test_two_line_heading() -> None:
    raw = ("\nZet de kleine ondernemer centraal: bouw \naan sterke regionale mkb-ecosystemen\n"
           "Kleine ondernemers zijn onmisbaar.\n")
    assert clean(raw).headings == ["Zet de kleine ondernemer centraal: bouw aan sterke regionale mkb-ecosystemen"]


def test_bullets_are_normalised_and_wrapped_items_joined() -> None:
    raw = ("aandachtspunten:\n\n• Ruimte bieden voor economie, transformatie van \nbinnensteden\n"
           "− een inclusieve arbeidsmarkt.\n")
    doc = clean(raw)
    assert "• Ruimte bieden voor economie, transformatie van binnensteden\n• een inclusieve arbeidsmarkt." in doc.text
    bullets = [b for b in doc.blocks if b.kind == "bullet"]
    assert [doc.text[b.start:b.end] for b in bullets] == [
        "Ruimte bieden voor economie, transformatie van binnensteden", "een inclusieve arbeidsmarkt."]


def test_stray_whitespace_urls_and_control_characters_removed() -> None:
    raw = "Tekst  met\u00a0 spaties\x07 en\tmeer.\n\nhttps://www.g40stedennetwerk.nl/\n"
    assert clean(raw).text == "Tekst met spaties en meer."
