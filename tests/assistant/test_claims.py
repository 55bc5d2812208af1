"""Claims bound to numbered sentences: the structure, its checks, and the claims mode end to end."""

from __future__ import annotations

import json
import re

import pytest

from assistant import Assistant
from assistant.claims import (
    Claim,
    Reply,
    claim_texts,
    numbered_sentences,
    parse_reply,
    schema,
    verify,
)
from assistant.evidence import EvidenceItem
from assistant.fake import FakeLLM
from config import Settings
from index import Passage, build_index

TEXT = ("De themagroep kwam in 2024 zes keer bijeen. Voorzitter was Jan de Boer uit Zwolle.\n\n"
        "• Meer informatie: Piet Jansen")


def window() -> EvidenceItem:
    passage = Passage(1, "jaarverslag-2024", "Jaarverslag 2024", 2024, "Sterke keten", TEXT, 100,
                      100 + len(TEXT), 1.0)
    return EvidenceItem(passage, TEXT, 100, 100 + len(TEXT), 1.0)


def test_windows_are_cut_into_sentences_with_their_own_offsets() -> None:
    sentences = numbered_sentences([window()])
    assert [s.text for s in sentences] == ["De themagroep kwam in 2024 zes keer bijeen.",
                                           "Voorzitter was Jan de Boer uit Zwolle.",
                                           "• Meer informatie: Piet Jansen"]
    for s in sentences:
        assert TEXT[s.start - 100 : s.end - 100] == s.text


def test_the_schema_only_admits_the_given_sentence_numbers() -> None:
    items = schema(3, 2)["properties"]["claims"]
    assert items["maxItems"] == 2
    assert items["items"]["properties"]["sentences"]["items"]["maximum"] == 3


def test_a_reply_is_parsed_defensively() -> None:
    reply = parse_reply('{"found": true, "claims": [{"text": "Zes  keer.", "sentences": [1, "x"]}]}')
    assert reply == Reply(True, [Claim("Zes keer.", [1])])
    assert parse_reply("NIET_GEVONDEN") is None
    assert parse_reply('{"found": true, "claims": [{"text": "Zes') is None  # cut off


def test_claim_text_streams_while_the_json_grows() -> None:
    assert claim_texts('{"found": true, "claims": [{"text": "De themagroep kw') == "De themagroep kw"
    assert claim_texts('{"claims": [{"text": "A.", "sentences": [1]}, {"text": "B') == "A. B"


def test_verify_keeps_what_its_sentences_carry_and_renders_the_numbers() -> None:
    sentences = numbered_sentences([window()])
    reply = Reply(True, [Claim("Voorzitter was Jan de Boer uit Zwolle", [2]),
                         Claim("De themagroep kwam in 2024 zes keer bijeen.", [1, 2]),
                         Claim("De themagroep kwam 9 keer bijeen.", [1]),      # a number not there
                         Claim("Jan de Boer was voorzitter.", [1]),            # the wrong sentence
                         Claim("Hoe vaak kwam de themagroep bijeen?", [1])])   # the question again
    out = verify(reply, sentences, "Hoe vaak kwam de themagroep bijeen, en wie was voorzitter?")
    assert out.text == ("Voorzitter was Jan de Boer uit Zwolle [1]. "
                        "De themagroep kwam in 2024 zes keer bijeen [2][1].")
    assert [i.text for i in out.items] == [sentences[1].text, sentences[0].text]
    assert len(out.dropped) == 3
    assert verify(Reply(False, reply.claims), sentences, "x").text == ""


@pytest.fixture
def claims_settings(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("G40_ANSWER_MODE", "claims")
    return Settings()


def test_the_claims_mode_cites_the_one_sentence_a_claim_came_from(claims_settings: Settings) -> None:
    build_index(claims_settings)
    question = "Hoeveel pilots voor financieringsconstructies waren er in 2030?"
    # First see which sentences the model is given, then replay a reply that cites the right one.
    seen = FakeLLM(answers={"pilots": '{"found": false, "claims": []}'})
    Assistant(claims_settings, llm=seen).ask(question)
    assert seen.schemas[-1] is not None
    given = dict(re.findall(r"^\[(\d+)\] \([^)]*\) (.+)$", seen.prompts[-1].rsplit("Sentences:", 1)[-1], re.M))
    n = next(int(k) for k, text in given.items() if "14 pilots" in text)
    reply = {"found": True, "claims": [{"text": "Er waren 14 pilots.", "sentences": [n]}]}
    bot = Assistant(claims_settings, llm=FakeLLM(answers={"pilots": json.dumps(reply)}))
    answer = bot.ask(question)
    assert answer.answered and answer.answer == "Er waren 14 pilots [1]."
    c = answer.citations[0]
    assert c.text == given[str(n)] and bot.retriever.report_text(c.source)[c.start:c.end] == c.text


def test_found_false_is_a_refusal_without_a_quote(claims_settings: Settings,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("G40_CLAIMS_QUOTE", "false")
    settings = Settings()
    build_index(settings)
    bot = Assistant(settings, llm=FakeLLM(answers={"bezoekers": '{"found": false, "claims": []}'}))
    a = bot.ask("Hoeveel bezoekers had de Community of Practice met Platform31 in 2030?")
    assert not a.answered and a.citations == []
