"""Start the real Gradio app in-process for browser tests, and a headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from config import PROJECT_ROOT, Settings
from tests.conftest import free_port

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def running_app(settings: Settings, llm: Any = None, bot: Any = None) -> Iterator[str]:
    from assistant import Assistant
    from index import build_index
    from ui.app import build_app, launch_kwargs

    build_index(settings)
    bot = bot or Assistant(settings, llm=llm)
    demo = build_app(settings, bot)
    demo.queue(default_concurrency_limit=settings.ui.concurrency)
    kwargs = launch_kwargs(settings)
    kwargs["server_port"] = free_port()
    demo.launch(prevent_thread_lock=True, quiet=True, **kwargs)
    try:
        yield f"http://127.0.0.1:{kwargs['server_port']}/"
    finally:
        demo.close()


@contextmanager
def browser_page() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            yield page
        finally:
            browser.close()


def chat_user(url: str, question: str) -> tuple[float, float, str]:
    """One user on the streaming /chat endpoint: (time to first evidence, total, final answer)."""
    import time

    from gradio_client import Client

    client = Client(url, verbose=False)
    t0 = time.perf_counter()
    job = client.submit(question, [], "Alle jaren", "Alle rapporten", api_name="/chat")
    first = 0.0
    for update in job:
        if not first and "Gevonden passages" in str(update[1]):
            first = time.perf_counter() - t0
    outputs = job.outputs()
    answer = str(outputs[-1][0][-1]["content"]) if outputs else ""
    return first, time.perf_counter() - t0, answer


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """WCAG 2.1 A/AA violations axe-core finds on the page as it is now (`make test` installs
    axe-core from npm)."""
    if not AXE.exists():
        raise RuntimeError(f"axe-core ontbreekt ({AXE}): voer `make browser-deps` uit")
    # Judge the page as it rests: Gradio fades components while an update is on its way.
    page.wait_for_function("() => !document.querySelector('.pending')", timeout=30_000)
    page.wait_for_timeout(400)
    page.add_script_tag(path=str(AXE))
    return list(page.evaluate(
        """async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}))
           .violations.map(v => ({id: v.id, impact: v.impact,
                                  nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"""))
