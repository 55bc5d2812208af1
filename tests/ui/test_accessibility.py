"""WCAG 2.1 AA with axe-core in headless Chromium, in every state of the page, at desktop and
phone width; plus what a screen-reader and keyboard user needs beyond axe's rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Assistant
from assistant.fake import FakeLLM
from config import Settings
from index import build_index
from tests.ui.apphelpers import axe_violations, browser_page, running_app

pytestmark = pytest.mark.browser
QUESTION = "Hoeveel pilots voor financieringsconstructies waren er in 2030?"


@pytest.fixture
def admin_settings(env: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("G40_ADMIN_PASSWORD", "juist-wachtwoord")
    return Settings()


@pytest.mark.parametrize("width, height", [(1400, 900), (390, 844)])
def test_no_axe_violations_in_any_state(admin_settings: Settings, width: int, height: int) -> None:
    build_index(admin_settings)
    bot = Assistant(admin_settings, llm=FakeLLM())
    found: dict[str, list[dict[str, object]]] = {}
    with running_app(admin_settings, bot=bot) as url, browser_page() as page:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        page.wait_for_selector("#question textarea")
        found["empty"] = axe_violations(page)

        busy = bot._gate.join()  # another user's answer is being written
        bot._gate.enter(busy, 0)
        page.fill("#question textarea", QUESTION)
        page.click("#send")
        page.wait_for_selector("#chat .status:has-text('voor u')", timeout=20_000)
        found["waiting"] = axe_violations(page)
        bot._gate.leave(busy)

        page.wait_for_selector("#chat a.cite", timeout=30_000)
        page.click("#chat a.cite")
        page.wait_for_selector("#source mark", timeout=10_000)
        found["answered, citation open"] = axe_violations(page)
        page.click("#source button.open-card")
        page.wait_for_selector("#source .card", timeout=20_000)
        page.click("#source .card details summary >> nth=0")
        found["report card, a section open"] = axe_violations(page)

        page.get_by_role("tab", name="Beheer").click()
        page.wait_for_selector("#admin-login")
        found["admin login"] = axe_violations(page)
        page.fill("#admin-user textarea, #admin-user input", "admin")
        page.fill("#admin-password input, #admin-password textarea", "juist-wachtwoord")
        page.click("#admin-login")
        page.wait_for_selector("#admin-add", timeout=10_000)
        found["admin"] = axe_violations(page)
    assert {state: v for state, v in found.items() if v} == {}


def test_keyboard_and_screen_reader_path(settings: Settings) -> None:
    with running_app(settings) as url, browser_page() as page:
        page.goto(url)
        page.wait_for_function("() => document.documentElement.lang === 'nl'", timeout=10_000)
        page.wait_for_selector("h1")
        # Gradio renders the panels one after another: wait for the headings, on a busy machine too.
        page.wait_for_function("() => document.querySelectorAll('h2').length >= 2", timeout=10_000)
        assert page.locator("h1").count() == 1 and page.locator("h2").count() >= 2
        for panel in ("#evidence", "#source"):
            page.wait_for_function(f"() => document.querySelector('{panel}')?.getAttribute('aria-live') === 'polite'",
                                   timeout=10_000)
        page.fill("#question textarea", QUESTION)
        page.keyboard.press("Enter")
        link = page.wait_for_selector("#chat a.cite", timeout=30_000)
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("#source mark", timeout=10_000)
        page.wait_for_function("() => document.activeElement && document.activeElement.id === 'source-view'")
        header = page.inner_text("#source .meta")
        assert "2030" in header and "sectie" in header and "tekens" not in header
        page.click("#source button.back-to-answer")
        assert page.evaluate("document.activeElement.classList.contains('cite')")


def test_user_text_is_text_and_a_too_long_question_is_kept(settings: Settings) -> None:
    from gradio_client import Client

    with running_app(settings) as url, browser_page() as page:
        page.goto(url)
        typed = "<img src='http://127.0.0.1:9/x.png'> Wat is **ruimte voor werken**?"
        page.fill("#question textarea", typed)
        page.click("#send")
        page.wait_for_selector("#chat .refusal, #chat a.cite", timeout=30_000)
        assert typed in page.inner_text("#chat")
        assert page.locator("#chat img[src*='127.0.0.1:9']").count() == 0

        too_long = "Hoeveel pilots waren er? " * 100
        page.evaluate("(t) => { const a = document.querySelector('#question textarea');"
                      " a.removeAttribute('maxlength'); }", too_long)
        page.fill("#question textarea", too_long)
        page.click("#send")
        page.wait_for_selector("#source .notice", timeout=10_000)
        assert "te lang" in page.inner_text("#source")
        assert page.input_value("#question textarea") == too_long.strip() or \
            page.input_value("#question textarea").startswith("Hoeveel pilots")

        result = Client(url, verbose=False).predict("x" * 200_000, "[]", api_name="/vraag")
        assert not result["answered"] and "te lang" in result["answer"]
        assert len(result["question"]) <= settings.assistant.max_question_chars + 1
