"""Start the real Gradio app in-process for browser tests, and a headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from config import Settings
from tests.conftest import free_port

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def running_app(settings: Settings, llm: Any = None) -> Iterator[str]:
    from assistant import Assistant
    from index import build_index
    from ui.app import build_app, launch_kwargs

    build_index(settings)
    bot = Assistant(settings, llm=llm)
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
