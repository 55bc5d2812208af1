"""The real Gradio app in headless Chromium (Debian's chromium through playwright)."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import Settings
from index import Library
from storage import FeedbackStore
from tests.ui.apphelpers import browser_page, running_app

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_settings(env: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("G40_ADMIN_PASSWORD", "juist-wachtwoord")
    return Settings()


def _ask(page, question: str) -> None:  # type: ignore[no-untyped-def]
    page.fill("#question textarea", question)
    page.click("#send")


def test_chat_citation_click_feedback_and_admin_upload(admin_settings: Settings, tmp_path: Path) -> None:
    settings = admin_settings
    with running_app(settings) as url, browser_page() as page:
        page.goto(url)
        _ask(page, "Hoeveel pilots voor financieringsconstructies waren er in 2030?")
        link = page.wait_for_selector("#chat a.cite", timeout=30_000)
        assert "14 pilots" in page.inner_text("#chat")
        assert "Jaarverslag pijler Economie en Werk 2030" in page.inner_text("#evidence")

        link.click()
        mark = page.wait_for_selector("#source mark#cited-passage", timeout=10_000)
        assert "14 pilots" in mark.inner_text()
        assert "Ruimte voor werken" in page.inner_text("#source")

        page.click("#chat button[aria-label='Vind ik leuk']")
        page.wait_for_timeout(1500)
        rows = FeedbackStore(settings.paths.data_dir).rows()
        assert len(rows) == 1 and rows[0]["rating"] == 1 and "14 pilots" in rows[0]["answer"]

        # A refusal looks different from an answer.
        _ask(page, "Wie is de burgemeester van Utrecht?")
        page.wait_for_selector("#chat .refusal", timeout=30_000)

        # Admin: login required, wrong password refused.
        page.get_by_role("tab", name="Beheer").click()
        page.fill("#admin-user textarea, #admin-user input", "admin")
        page.fill("#admin-password input, #admin-password textarea", "fout")
        page.click("#admin-login")
        page.wait_for_selector("text=Onjuiste gebruiker of wachtwoord", timeout=10_000)
        assert not page.is_visible("#admin-add")
        page.fill("#admin-password input, #admin-password textarea", "juist-wachtwoord")
        page.click("#admin-login")
        page.wait_for_selector("#admin-add", timeout=10_000)
        assert "jaarverslag-2030" in page.inner_text("#admin-reports")

        new = tmp_path / "Notitie werkcentra 2029.txt"
        new.write_text("Notitie werkcentra 2029\n\nIn 2029 openden 11 regionale werkcentra in Drenthe.\n",
                       encoding="utf-8")
        with page.expect_file_chooser() as chooser:
            page.click("#admin-upload")
        chooser.value.set_files(str(new))
        page.wait_for_selector("#admin-chosen:has-text('notitie')", timeout=10_000)
        page.click("#admin-add")
        page.wait_for_selector("#admin-status:has-text('toegevoegd')", timeout=60_000)
        assert (settings.paths.corpus_dir / "notitie-werkcentra-2029.txt").exists()

        # Edit the metadata without re-uploading: nothing is embedded again.
        page.click("#admin-edit-id input")
        page.get_by_role("option", name="notitie-werkcentra-2029").click()
        page.wait_for_function(
            "() => document.querySelector('#admin-edit-title textarea, #admin-edit-title input')"
            ".value.length > 0", timeout=10_000)
        page.fill("#admin-edit-title textarea, #admin-edit-title input", "Werkcentra in Drenthe")
        page.click("#admin-edit")
        page.wait_for_selector("#admin-status:has-text('bijgewerkt')", timeout=60_000)
        assert "0 passages ge-embed" in page.inner_text("#admin-status")
        assert "Werkcentra in Drenthe" in page.inner_text("#admin-reports")

        page.get_by_role("tab", name="Chat").click()
        _ask(page, "Hoeveel regionale werkcentra openden er in Drenthe?")
        page.wait_for_function(
            "() => document.querySelectorAll('#chat a.cite').length >= 2", timeout=30_000)
        assert "11 regionale werkcentra" in page.inner_text("#chat")

        # Logout ends the session: the panel is gone and only the login form remains.
        page.get_by_role("tab", name="Beheer").click()
        page.click("#admin-logout")
        page.wait_for_selector("#admin-login", timeout=10_000)
        assert not page.is_visible("#admin-add")

        # The new report is in the chat's filters after a reload, by its edited title, and
        # opens its card there.
        page.reload()
        page.click("#filters input[aria-label='Rapport'], #filters .wrap-inner >> nth=1")
        page.get_by_role("option", name="2029 · Werkcentra in Drenthe").click()
        card = page.wait_for_selector("#source .card", timeout=30_000)
        assert "Rapportkaart: Werkcentra in Drenthe" in card.inner_text()
        page.click("#filters input[aria-label='Jaar'], #filters .wrap-inner >> nth=0")
        page.get_by_role("option", name="2029", exact=True).wait_for(timeout=10_000)


def test_guessed_logins_are_locked_out_in_the_browser(admin_settings: Settings,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("G40_LOGIN_FREE_ATTEMPTS", "2")
    settings = Settings()
    with running_app(settings) as url, browser_page() as page:
        page.goto(url)
        page.get_by_role("tab", name="Beheer").click()
        page.fill("#admin-user textarea, #admin-user input", "admin")
        for guess in ("welkom01", "admin123", "g40g40"):
            page.fill("#admin-password input, #admin-password textarea", guess)
            page.click("#admin-login")
            page.wait_for_timeout(400)
        page.fill("#admin-password input, #admin-password textarea", "juist-wachtwoord")
        page.click("#admin-login")
        page.wait_for_selector("#admin-login-msg:has-text('Te veel mislukte pogingen')", timeout=10_000)
        assert not page.is_visible("#admin-add")


def _login(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.get_by_role("tab", name="Beheer").click()
    page.fill("#admin-user textarea, #admin-user input", "admin")
    page.fill("#admin-password input, #admin-password textarea", "juist-wachtwoord")
    page.click("#admin-login")
    page.wait_for_selector("#admin-add", timeout=10_000)


def test_admin_errors_reach_the_admin_as_dutch_messages(admin_settings: Settings,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    settings = admin_settings
    with running_app(settings) as url, browser_page() as page:
        _login(page, url)
        toml = settings.paths.corpus_dir / "reports.toml"
        toml.write_text(toml.read_text(encoding="utf-8") + "\n[kapot\n", encoding="utf-8")
        page.click("#admin-update")
        page.wait_for_selector("#admin-status:has-text('ongeldig op regel')", timeout=20_000)
        assert ".reports.last-good.toml" in page.inner_text("#admin-status")

        def boom(*args: object, **kwargs: object) -> None:
            raise RuntimeError("schijf vol")

        monkeypatch.setattr(Library, "update", boom)
        page.click("#admin-rebuild")
        page.wait_for_selector("#admin-status:has-text('Er ging iets mis op de server')", timeout=20_000)
        assert "schijf vol" in page.inner_text("#admin-status")


def test_admin_disabled_without_password(settings: Settings) -> None:
    with running_app(settings) as url, browser_page() as page:
        page.goto(url)
        page.get_by_role("tab", name="Beheer").click()
        page.wait_for_selector("text=Beheer is uitgeschakeld", timeout=10_000)
        assert "G40_ADMIN_PASSWORD" in page.inner_text("body")


def test_gradio_client_gets_answer_and_sources(settings: Settings) -> None:
    from gradio_client import Client

    with running_app(settings) as url:
        client = Client(url, verbose=False)
        result = client.predict("Wie sprak over innovatie in het MKB?", "[]", api_name="/vraag")
        assert result["answered"] and "Anna de Vries" in result["answer"]
        assert result["citations"][0]["source"] == "jaarverslag-2030"
        assert result["passages"]


def test_a_closed_tab_and_stop_free_their_place_in_the_line(settings: Settings) -> None:
    import time

    from playwright.sync_api import sync_playwright

    from assistant import Assistant
    from assistant.fake import FakeLLM
    from index import build_index
    from tests.ui.apphelpers import CHROMIUM_ARGS

    build_index(settings)
    bot = Assistant(settings, llm=FakeLLM())
    with running_app(settings, bot=bot) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        busy = bot._gate.join()  # another user's answer is being written
        bot._gate.enter(busy, 0)
        tabs = []
        for question in ("Hoeveel pilots waren er in 2030?", "Wie sprak over innovatie in het MKB?"):
            tab = browser.new_page()
            tab.goto(url)
            tab.fill("#question textarea", question)
            tab.click("#send")
            tab.wait_for_selector("#chat .status:has-text('voor u')", timeout=20_000)
            tabs.append(tab)
        assert "Er staan 2 vragen voor u" in tabs[1].inner_text("#chat .status")
        tabs[0].close()
        deadline = time.monotonic() + 10
        while len(bot._gate._line) > 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(bot._gate._line) == 2
        tabs[1].wait_for_selector("#chat .status:has-text('Er staat 1 vraag voor u')", timeout=10_000)
        tabs[1].click("#stop")
        tabs[1].wait_for_selector("#chat:has-text('Vraag geannuleerd')", timeout=10_000)
        deadline = time.monotonic() + 10  # the stream closes after its current wait step
        while len(bot._gate._line) > 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(bot._gate._line) == 1
        bot._gate.leave(busy)
        browser.close()


def test_report_cards_open_from_the_filter_and_from_a_source(settings: Settings) -> None:
    with running_app(settings) as url, browser_page() as page:
        page.goto(url)
        # Choosing one report in the filter shows its card.
        page.click("#filters input[aria-label='Rapport'], #filters .wrap-inner >> nth=1")
        page.get_by_role("option", name="2030 · Jaarverslag pijler Economie en Werk 2030").click()
        card = page.wait_for_selector("#source .card", timeout=30_000)
        assert "Rapportkaart: Jaarverslag pijler Economie en Werk 2030" in card.inner_text()
        assert "In het kort" in card.inner_text()
        # A line of the card opens in the report, highlighted, and leads back to the card.
        first = page.wait_for_selector("#source .card a.cite")
        sentence = page.inner_text("#source .card ul.bullets li").rsplit("[", 1)[0].strip()
        first.click()
        mark = page.wait_for_selector("#source mark#cited-passage", timeout=10_000)
        assert mark.inner_text().strip() == sentence
        page.click("#source button.open-card")
        page.wait_for_selector("#source .card", timeout=10_000)

        # From an answer's source: its report's card.
        _ask(page, "Hoeveel pilots voor financieringsconstructies waren er in 2030?")
        page.wait_for_selector("#chat a.cite", timeout=30_000).click()
        page.wait_for_selector("#source mark#cited-passage", timeout=10_000)
        page.click("#source button.open-card")
        page.wait_for_selector("#source .card:has-text('Jaarverslag pijler Economie en Werk 2030')",
                               timeout=10_000)
