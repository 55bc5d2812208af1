"""Broad questions: the model's answer followed by cited bullets of the reports' sentences."""

from dataclasses import replace
from pathlib import Path

import pytest

from assistant import Assistant, kind_examples
from assistant.bullets import Rules, bullets
from assistant.evidence import EvidenceItem
from assistant.fake import FakeLLM
from assistant.overview import BroadQuestions, Overview
from config import Settings
from index import Embedder, Passage, build_index


class ReplayBroad:
    """A classifier that says what it is told and records what it was asked."""

    def __init__(self, broad: bool):
        self.broad, self.asked = broad, []

    def is_broad(self, question: str) -> bool:
        self.asked.append(question)
        return self.broad


@pytest.fixture
def broad_bot(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Assistant:
    monkeypatch.setenv("G40_OVERVIEW", "true")
    monkeypatch.setenv("G40_OVERVIEW_MIN_SIMILARITY", "-1")
    s = Settings()
    build_index(s)
    bot = Assistant(s, llm=FakeLLM())
    bot.overview = Overview(s, bot.retriever, classifier=ReplayBroad(True),  # type: ignore[arg-type]
                            summaries=ReplayBroad(True))  # type: ignore[arg-type]
    return bot


def test_a_broad_question_gets_the_answer_then_one_bullet_per_section(broad_bot: Assistant) -> None:
    broad_bot.settings.assistant.overview_model_lead = True
    a = broad_bot.ask("Wat deed de pijler in 2030 aan ruimte voor werken en netwerkbijeenkomsten?")
    lines = a.answer.splitlines()
    assert a.answered and len(lines) >= 3 and all(line.startswith("- ") for line in lines[1:])
    assert [c.n for c in a.citations] == list(range(1, len(a.citations) + 1))
    assert f"[{len(a.citations)}]" in lines[-1]
    text = broad_bot.retriever.report_text("jaarverslag-2030")
    for c in a.citations:  # every citation is the exact report sentence, inside a passage shown
        assert text[c.start:c.end] == c.text if c.source == "jaarverslag-2030" else True
        assert any(p.source == c.source and p.start <= c.start and c.end <= p.end for p in a.passages)
    # One bullet per section; each of its sentences carries its own citation, before the
    # closing full stop, so that the citation belongs to that sentence.
    bulleted = a.citations[1:]
    sections = [(c.source, c.section) for c in bulleted]
    assert len(lines) - 1 == len(set(sections)) and len(bulleted) > len(set(sections))
    for c in bulleted:
        assert f"{c.text.rstrip('.')} [{c.n}]." in a.answer or f"{c.text} [{c.n}]" in a.answer
    assert broad_bot.overview.classifier.asked  # type: ignore[attr-defined]


def test_a_bullet_opens_with_its_section_heading_cited_where_it_stands(broad_bot: Assistant) -> None:
    a = broad_bot.ask("Wat deed de pijler in 2030 aan ruimte voor werken en netwerkbijeenkomsten?")
    headings = [c for c in a.citations if c.text == c.section]
    assert headings
    text = broad_bot.retriever.report_text("jaarverslag-2030")
    for c in headings:
        assert f"\n- {c.text} [{c.n}]: " in a.answer  # the heading opens its bullet
        assert text[c.start:c.end] == c.section and text[c.end:c.end + 1] == "\n"  # a line of its own
        # and it stands in a passage shown, as every citation does
        assert any(p.source == c.source and p.start <= c.start and c.end <= p.end for p in a.passages)


def test_a_typed_question_is_never_broad(broad_bot: Assistant) -> None:
    a = broad_bot.ask("Hoeveel pilots voor financieringsconstructies waren er in 2030?")
    assert "\n- " not in a.answer and broad_bot.overview.classifier.asked == []  # type: ignore[attr-defined]


def test_without_an_answer_of_its_own_one_loose_sentence_is_refused(
        broad_bot: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    broad_bot.settings.assistant.overview_min_similarity = 2.0  # nothing is similar enough
    broad_bot._llm = FakeLLM(answers={"circulaire": "NIET_GEVONDEN"})
    a = broad_bot.ask("Wat is er gedaan aan circulaire economie in de steden van de G40?")
    assert "\n- " not in a.answer


def test_bullets_rank_by_similarity_and_keep_report_order(settings: Settings) -> None:
    build_index(settings)
    bot = Assistant(settings, llm=FakeLLM())
    passages = bot.retriever.retrieve("ruimte voor werken pilots netwerkdag", k=8)
    found = bullets("ruimte voor werken pilots netwerkdag", passages, bot.retriever.embed_model,
                    Rules(3, -1.0))
    assert 1 <= len(found) <= 3
    assert found == sorted(found, key=lambda e: (e.passage.year, e.passage.source, e.start))
    assert len({(e.passage.source, e.passage.section) for e in found}) == len(found)
    deeper = bullets("ruimte voor werken pilots netwerkdag", passages, bot.retriever.embed_model,
                     Rules(6, -1.0, per_section=3))
    per_section: dict[tuple[str, str], int] = {}
    for e in deeper:
        per_section[(e.passage.source, e.passage.section)] = per_section.get(
            (e.passage.source, e.passage.section), 0) + 1
    assert len(deeper) > len(found) and max(per_section.values()) <= 3


def test_a_summary_covers_every_section_before_going_deeper(settings: Settings) -> None:
    build_index(settings)
    bot = Assistant(settings, llm=FakeLLM())
    passages = bot.retriever.retrieve("jaarverslag 2030", k=20)
    sections = {(p.source, p.section) for p in passages}
    found = bullets("Vat het jaarverslag samen", passages, bot.retriever.embed_model,
                    Rules(len(sections), -1.0, per_section=4), representative=True)
    assert {(e.passage.source, e.passage.section) for e in found} == sections


def test_the_classifier_learns_its_examples(settings: Settings) -> None:
    build_index(settings)
    # The fake (hashing) embedder separates a small set; the real one is tested on all examples.
    clf = BroadQuestions(Assistant(settings, llm=FakeLLM()).retriever.embed_model, 10.0,
                         examples=(kind_examples.FACT[:30], kind_examples.OVERVIEW[:30]))
    assert clf.is_broad("Vat het verslag van de netwerkdag samen.")
    assert not clf.is_broad("Wie is de secretaris van de pijler?")


def test_a_summary_of_a_named_report_reads_all_of_it_and_cites_inside_shown_passages(
        broad_bot: Assistant) -> None:
    a = broad_bot.ask("Vat het jaarverslag 2030 samen.")
    assert a.answered and "\n- " in a.answer
    assert {c.source for c in a.citations[1:]} == {"jaarverslag-2030"}
    for c in a.citations:
        assert any(p.source == c.source and p.start <= c.start and c.end <= p.end for p in a.passages)


def test_a_theme_in_a_named_report_is_answered_from_that_report_alone(broad_bot: Assistant) -> None:
    # Both reports speak of working and space; the question names the position paper.
    told = ReplayBroad(False)  # a theme in the report, not a summary of it
    broad_bot.overview = Overview(broad_bot.settings, broad_bot.retriever,
                                  classifier=ReplayBroad(True),  # type: ignore[arg-type]
                                  summaries=told)  # type: ignore[arg-type]
    q = "Wat vraagt het position paper over ruimte voor werken?"
    a = broad_bot.ask(q)
    assert told.asked == [q]
    assert a.answered and "\n- " in a.answer
    assert {c.source for c in a.citations} == {"positionpaper-2031"}


def test_the_trained_classifier_is_kept_and_read_back_without_the_examples(
        settings: Settings, tmp_path: Path) -> None:
    """A fresh process reads the weights: same verdicts, the examples are not embedded again."""
    build_index(settings)
    model = Assistant(settings, llm=FakeLLM()).retriever.embed_model
    first = BroadQuestions(model, 10.0, cache_dir=tmp_path, model_name="m")
    asked = ["Vat het verslag van de netwerkdag samen.", "Wie is de secretaris van de pijler?",
             "Wat deed de pijler aan arbeidsmigratie?", "Hoeveel regio's doen mee?"]
    verdicts = [first.is_broad(q) for q in asked]
    assert len(list(tmp_path.glob("broad-*.json"))) == 1

    second = BroadQuestions(model, 10.0, cache_dir=tmp_path, model_name="m")
    texts: list[str] = []
    original = second._vectors
    second._vectors = lambda qs: (texts.extend(qs), original(qs))[1]  # type: ignore[method-assign]
    assert [second.is_broad(q) for q in asked] == verdicts
    assert len(texts) == len(asked)  # only the questions themselves
    other = BroadQuestions(model, 10.0, cache_dir=tmp_path, model_name="another model")
    other.is_broad(asked[0])
    assert len(list(tmp_path.glob("broad-*.json"))) == 2  # another model: its own weights


class ReplayEmbedding(Embedder):
    """Replays the vector it was told for each text (by a word in it); records what it got."""

    def __init__(self, vectors: dict[str, list[float]]):
        super().__init__()
        self.vectors, self.seen = vectors, []

    def _vector(self, text: str) -> list[float]:
        self.seen.append(text)
        return next(v for word, v in self.vectors.items() if word in text)

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._vector(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._vector(text)


def test_bullets_weigh_the_question_s_topic_words_above_general_sentences() -> None:
    general = "De pijler Economie en Werk sprak dit jaar vaak met ministeries over vele onderwerpen."
    topic = "Regionale scholingsfondsen helpen werkenden bij een leven lang ontwikkelen en bijscholing."
    passages = [Passage(1, "jaarverslag-2030", "Jaarverslag 2030", 2030, "Inleiding", general, 0, len(general), 1.0),
                Passage(2, "jaarverslag-2030", "Jaarverslag 2030", 2030, "Sterke keten", topic, 500,
                        500 + len(topic), 0.5)]
    question = "Wat doet de pijler aan scholing en een leven lang ontwikkelen?"
    model = ReplayEmbedding({"Wat doet": [1.0, 0.0], "ministeries": [0.9, 0.1], "scholingsfondsen": [0.6, 0.4]})
    dense_only = bullets(question, passages, model, Rules(1, -1.0))
    fused = bullets(question, passages, model, Rules(1, -1.0, fusion=(2.0, 1.0, 60)))
    assert [b.text for b in dense_only] == [general]  # closest to any question about the pillar
    assert [b.text for b in fused] == [topic]
    assert question in model.seen


def test_a_sentence_is_also_read_between_its_neighbours() -> None:
    days = "De netwerkdagen van 2030 waren in Hoorn, met veel wethouders van de steden."
    speaker = "In Hoorn sprak Anna de Vries over de regionale economie en de arbeidsmarkt."
    other = "De pijler overlegde met de ministeries over de begroting van het komende jaar."
    text = f"{days} {speaker}"
    passages = [Passage(1, "jaarverslag-2030", "Jaarverslag 2030", 2030, "Netwerkdagen", text, 0,
                        len(text), 1.0),
                Passage(2, "jaarverslag-2030", "Jaarverslag 2030", 2030, "Overleg", other, 500,
                        500 + len(other), 0.5)]
    question = "Wat gebeurde er op de netwerkdagen?"
    # A text gets the vector of the first of these phrases it holds: the speaker's sentence
    # alone is far from the question, read after the sentence before it, it is close.
    model = ReplayEmbedding({"Wat gebeurde": [1.0, 0.0], "De netwerkdagen": [1.0, 0.0],
                             "In Hoorn sprak": [0.2, 0.98], "ministeries": [0.5, 0.87]})
    alone = bullets(question, passages, model, Rules(5, 0.45, per_section=5))
    read_around = bullets(question, passages, model,
                          Rules(5, 0.45, per_section=5, context_weight=0.5))
    assert [b.text for b in alone] == [days, other]
    assert [b.text for b in read_around] == [days, speaker, other]
    assert f"{days} {speaker}" in model.seen  # the speaker's window
    assert other in model.seen  # a paragraph of one sentence is its own window
    # Brought in by its neighbours, the speaker's sentence does not count as answering by
    # itself: two such sentences are there (the days and the ministries), not three.
    assert bullets(question, passages, model,
                   Rules(5, 0.45, per_section=5, context_weight=0.5, min_answering=2),
                   ) == read_around
    assert bullets(question, passages, model,
                   Rules(5, 0.45, per_section=5, context_weight=0.5, min_answering=3)) == []


def test_a_question_over_a_period_hears_each_year_s_report_first() -> None:
    first = "In 2030 begon de pilot met de dienstverlening aan ondernemers in zes regio's."
    second = "De pilot met de dienstverlening aan ondernemers kreeg in 2030 veel aandacht."
    later = "In 2031 nam het ministerie de dienstverlening aan ondernemers over van de steden."
    passages = [Passage(1, "jaarverslag-2030", "Jaarverslag 2030", 2030, "MKB", f"{first} {second}",
                        0, len(first) + 1 + len(second), 1.0),
                Passage(2, "jaarverslag-2031", "Jaarverslag 2031", 2031, "MKB", later, 0,
                        len(later), 0.5)]
    question = "Hoe ontwikkelde de dienstverlening zich?"
    # The 2030 sentences echo the question most; the 2031 one is further, yet above the floor.
    model = ReplayEmbedding({"Hoe ontwikkelde": [1.0, 0.0], "begon": [0.95, 0.31],
                             "veel aandacht": [0.9, 0.44], "ministerie": [0.6, 0.8]})
    best = bullets(question, passages, model, Rules(2, 0.5, per_section=2))
    spread = bullets(question, passages, model, Rules(2, 0.5, per_section=2), spread=True)
    assert [b.text for b in best] == [first, second]
    assert [b.text for b in spread] == [first, later]  # in the order of the reports
    # A report with no sentence above the floor is not heard for the sake of it.
    assert [b.text for b in bullets(question, passages, model,
                                    Rules(2, 0.7, per_section=2), spread=True)] == [first, second]


def test_without_the_model_lead_a_broad_answer_is_the_reports_own_sentences(broad_bot: Assistant) -> None:
    broad_bot.settings.assistant.overview_model_lead = False
    llm = FakeLLM()
    broad_bot._llm = llm
    a = broad_bot.ask("Wat deed de pijler in 2030 aan ruimte voor werken en netwerkbijeenkomsten?")
    lines = a.answer.splitlines()
    assert a.answered and lines[0] == "In de verslagen staat hierover:"
    assert len(lines) >= 2 and all(line.startswith("- ") for line in lines[1:])
    assert llm.prompts == []  # no model call: the answer is there as soon as the bullets are
    text = broad_bot.retriever.report_text("jaarverslag-2030")
    assert all(text[c.start:c.end] == c.text for c in a.citations)


def _bullets_of(settings: Settings, text: str, section: str, question: str,
                per_section: int = 1) -> list[EvidenceItem]:
    """The bullets for ``question`` from one passage holding ``text`` (at offset 100)."""
    build_index(settings)
    bot = Assistant(settings, llm=FakeLLM())
    passage = Passage(1, "paper", "Paper", 2030, section, text, 100, 100 + len(text), 1.0)
    return bullets(question, [passage], bot.retriever.embed_model,
                   Rules(5, -1.0, per_section=per_section))


def test_a_sentence_that_announces_a_list_comes_with_its_list(settings: Settings) -> None:
    text = ("De pijler schreef een position paper met als belangrijke aandachtspunten:\n\n"
            "• Ruimte bieden voor economie en werklocaties\n• een inclusieve arbeidsmarkt.\n\n"
            "Daarna volgde een lange reeks bijeenkomsten over de regionale economie.")
    found = _bullets_of(settings, text, "Aandachtspunten", "aandachtspunten position paper")
    announced = [e for e in found if e.text.startswith("De pijler schreef")]
    assert announced and announced[0].text.endswith("een inclusieve arbeidsmarkt.")
    assert text[announced[0].start - 100 : announced[0].end - 100] == announced[0].text
    assert not any(e.text.startswith("Ruimte bieden") for e in found)  # not twice


def test_a_list_line_already_in_its_announcing_sentence_is_not_a_bullet_again(settings: Settings) -> None:
    build_index(settings)
    bot = Assistant(settings, llm=FakeLLM())
    text = ("De pijler schreef een position paper met als belangrijke aandachtspunten:\n\n"
            "• Ruimte bieden voor economie en werklocaties in de steden\n"
            "• een inclusieve arbeidsmarkt voor iedereen in de regio.")
    tail = text.index("• Ruimte")  # a second passage (chunks overlap) starts at the list
    passages = [Passage(1, "paper", "Paper", 2030, "Punten", text, 100, 100 + len(text), 1.0),
                Passage(2, "paper", "Paper", 2030, "Punten", text[tail:], 100 + tail,
                        100 + len(text), 0.9)]
    found = bullets("aandachtspunten position paper ruimte economie", passages,
                    bot.retriever.embed_model,
                    Rules(5, -1.0, per_section=5))
    spans = sorted((e.start, e.end) for e in found)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))
    assert any(e.text.startswith("De pijler schreef") for e in found)


def test_a_sentence_that_points_back_comes_with_the_sentence_before_it(settings: Settings) -> None:
    text = ("Doelstelling is voldoende ruimte voor economie en werk in de steden van de G40. "
            "Die ruimte staat onder druk door de woningbouwopgave in een aantal steden.\n\n"
            "Daarna volgde een lange reeks bijeenkomsten over de regionale economie.")
    found = _bullets_of(settings, text, "Ruimte", "ruimte voor economie woningbouwopgave",
                        per_section=5)
    texts = [e.text for e in found]
    assert texts[0].startswith("Doelstelling") and texts[0].endswith("in een aantal steden.")
    assert text[found[0].start - 100 : found[0].end - 100] == texts[0]
    assert not any(t.startswith("Die ruimte") for t in texts)  # not alone as well
    # A new paragraph does not point back: "Daarna ..." stays a sentence of its own.
    assert any(t.startswith("Daarna") for t in texts)


def test_a_contact_line_is_no_bullet(settings: Settings) -> None:
    text = ("De themagroep werkt aan regionale werkcentra en een leven lang ontwikkelen in de regio. "
            "Meer informatie over de themagroep en de werkcentra: Anna de Vries anna.devries@zwolle.nl\n\n"
            "Bestuurders die willen meedoen aan de themagroep kunnen mailen naar secretaris@g40.nl")
    found = _bullets_of(settings, text, "Werkcentra", "Wat doet de themagroep aan werkcentra?",
                        per_section=5)
    assert [e.text for e in found] == [
        "De themagroep werkt aan regionale werkcentra en een leven lang ontwikkelen in de regio."]


@pytest.mark.slow
def test_the_real_classifier_separates_its_examples(env: Path, real_models: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """With EmbeddingGemma the labelled examples, look-alike pairs included, are learnt."""
    from index import get_embed_model

    monkeypatch.setenv("G40_EMBED", "gemma")
    settings = Settings()
    embed = get_embed_model(settings)
    # Broad from narrow, and of a question naming one report, a summary from a theme.
    for examples in ((kind_examples.FACT, kind_examples.OVERVIEW),
                     (kind_examples.REPORT_THEME, kind_examples.REPORT_SUMMARY)):
        clf = BroadQuestions(embed, settings.assistant.broad_regularisation, examples=examples)
        first, second = clf.examples
        coef, intercept = clf._classifier()
        margins = clf._vectors([*first, *second]) @ coef + intercept
        right = sum(m <= 0 for m in margins[: len(first)]) + sum(m > 0 for m in margins[len(first):])
        assert right / len(margins) >= 0.9


class ReplayBroadFor(ReplayBroad):
    """Broad only for the questions it is told."""

    def __init__(self, broad_for: set[str]):
        super().__init__(False)
        self.broad_for = broad_for

    def is_broad(self, question: str) -> bool:
        self.asked.append(question)
        return question in self.broad_for


def test_a_follow_up_kept_apart_from_a_broad_question_is_broad_too(broad_bot: Assistant) -> None:
    first = "Wat deed de pijler aan ruimte voor werken?"
    glued = f"{first} En in 2030?"
    told = ReplayBroadFor({first, glued})
    broad_bot.overview = Overview(broad_bot.settings, broad_bot.retriever,
                                  classifier=told, summaries=ReplayBroad(False))  # type: ignore[arg-type]
    broad_bot._llm = FakeLLM(answers={"Follow-up question": "Ruimte voor werken."})  # no rewrite
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": "- ..."}]
    a = broad_bot.ask("En in 2030?", history)
    assert a.standalone_question == glued
    assert told.asked[:2] == ["En in 2030?", glued]  # the follow-up alone first, then in context
    assert a.answered and "\n- " in a.answer


def test_the_section_the_question_names_is_read_first_and_uncapped() -> None:
    one = "Doelstelling is voldoende ruimte voor economie en werk in de steden."
    two = "In de vorm van twaalf pilots wordt geëxperimenteerd met financieringsconstructies."
    three = "Platform31 verkende de woon-werkbalans met voorbeelden uit regio's."
    general = "Samen met andere pijlers werkten we dit jaar aan energie en migratie."
    text = f"{one} {two} {three}"
    passages = [Passage(1, "jaarverslag-2030", "Jaarverslag 2030", 2030, "Ruimte voor werken", text,
                        0, len(text), 1.0),
                Passage(2, "jaarverslag-2030", "Jaarverslag 2030", 2030, "Algemeen", general, 500,
                        500 + len(general), 0.5)]
    question = "Wat deed de pijler aan ruimte voor werken?"
    # The general sentence is as close to the question as the section's own sentences.
    model = ReplayEmbedding({"Wat deed": [1.0, 0.0], "Doelstelling": [0.8, 0.6], "pilots": [0.7, 0.71],
                             "Platform31": [0.7, 0.71], "Samen": [0.85, 0.53]})
    plain = bullets(question, passages, model, Rules(3, 0.3, per_section=2))
    themed = bullets(question, passages, model, Rules(3, 0.3, per_section=2, theme_words=2))
    assert general in [b.text for b in plain] and len(plain) == 3
    assert [b.text for b in themed] == [one, two, three]
    # A heading of words the question does not hold ("Algemeen") makes no theme.
    assert [b.text for b in bullets("Wat deed de pijler?", passages, model,
                                    Rules(3, 0.3, per_section=2, theme_words=2),
                                    )] == [b.text for b in plain]
    # A long heading is named by its first words, as the reports name their theme groups.
    long = [replace(passages[0], section="Ruimte voor werken, wonen en ondernemen"), passages[1]]
    assert [b.text for b in bullets(question, long, model,
                                    Rules(3, 0.3, per_section=2, theme_words=2),
                                    )] == [one, two, three]
    assert general in [b.text for b in bullets(question, long, model,
                                               Rules(3, 0.3, per_section=2, theme_words=4))]


def test_a_summary_hears_every_section_and_favours_each_paragraphs_first_sentence() -> None:
    first = "De themagroep sprak dit jaar vier keer met het ministerie over de arbeidsmarkt."
    detail = "Het verslag van die gesprekken staat op de website van de pijler en is openbaar."
    other = "In de binnensteden startte een citydeal met zes steden en twee ministeries samen."
    text = f"{first} {detail}"
    passages = [Passage(1, "jaarverslag-2030", "Jaarverslag 2030", 2030, "Werk", text, 0, len(text), 1.0),
                Passage(2, "jaarverslag-2030", "Jaarverslag 2030", 2030, "Binnensteden", other, 500,
                        500 + len(other), 0.5)]
    # The detail is nearer the question and the report's centre; the opening sentence states
    # the paragraph's point. The other section is far from the question, and still heard.
    model = ReplayEmbedding({"Vat": [1.0, 0.0], "De themagroep": [0.6, 0.8], "Het verslag": [0.9, 0.44],
                             "In de binnensteden": [0.0, 1.0]})
    found = bullets("Vat het jaarverslag 2030 samen.", passages, model,
                    Rules(2, 0.3, per_section=2, opening_bonus=0.3), representative=True)
    assert [b.text for b in found] == [first, other]
    # Without the bonus the detail wins its section.
    assert bullets("Vat het jaarverslag 2030 samen.", passages, model,
                   Rules(2, 0.3, per_section=2), representative=True)[0].text == detail
    # A passage that begins inside a paragraph: its first sentence opens nothing in the report.
    report = f"Werk\n\nDe pijler begon. {text}\n\n{other}"
    inside = [replace(passages[0], start=report.index(first), end=report.index(first) + len(text)),
              replace(passages[1], start=report.index(other), end=report.index(other) + len(other))]
    assert bullets("Vat het jaarverslag 2030 samen.", inside, model,
                   Rules(2, 0.3, per_section=2, opening_bonus=0.3),
                   representative=True, report_text=lambda _: report)[0].text == detail
