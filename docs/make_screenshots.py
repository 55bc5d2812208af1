"""Screenshots of the running app for the README: `python docs/make_screenshots.py URL`.

Start the app first (`make run`), then run this; it asks one question in headless Chromium,
saves the main screen, clicks citation [1] and saves the opened passage
(`python docs/make_screenshots.py URL "VRAAG" NAME` writes NAME-main.png and NAME-citation.png).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(url: str, question: str, name: str = "screenshot") -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 950})
        page.goto(url)
        page.screenshot(path=str(HERE / f"{name}-empty.png"))
        t0 = time.perf_counter()
        page.fill("#question textarea", question)
        page.click("#send")
        page.wait_for_selector("#evidence:has-text('Gevonden passages')", timeout=60_000)
        t_evidence = time.perf_counter() - t0
        page.wait_for_function(
            "() => { const m = document.querySelectorAll('#chat [data-testid=bot]');"
            " return m.length && m[m.length-1].innerText.trim().length > 2"
            " && !m[m.length-1].innerText.startsWith('…'); }", timeout=120_000)
        t_token = time.perf_counter() - t0
        page.wait_for_selector("#evidence:has-text('Bronnen van dit antwoord'), #chat .refusal",
                               timeout=120_000)
        t_done = time.perf_counter() - t0
        page.screenshot(path=str(HERE / f"{name}-main.png"))
        if page.query_selector("#chat a.cite"):
            page.click("#chat a.cite")
            page.wait_for_selector("#source mark", timeout=10_000)
            page.screenshot(path=str(HERE / f"{name}-citation.png"))
        browser.close()
    print(f"browser: first evidence {t_evidence:.2f} s, first token {t_token:.2f} s, "
          f"answer complete {t_done:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:7860/",
         sys.argv[2] if len(sys.argv) > 2 else "Hoeveel regio's doen in 2025 mee aan de regionale MKB-aanpak?",
         sys.argv[3] if len(sys.argv) > 3 else "screenshot")
