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
