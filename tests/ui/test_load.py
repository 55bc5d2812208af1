"""20 concurrent chat users against the running app, and chat during an admin rebuild."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from config import Settings
from index import build_index
from tests.ui.apphelpers import chat_user, running_app

QUESTIONS = ["Hoeveel pilots voor financieringsconstructies waren er in 2030?",
             "Wie sprak over innovatie in het MKB?",
             "Wat vraagt het position paper over arbeidsmigranten?",
             "Wie is de burgemeester van Utrecht?"]


def _user(url: str, i: int) -> tuple[float, str]:
    first, _, answer = chat_user(url, QUESTIONS[i % len(QUESTIONS)])
    return first, answer


@pytest.mark.browser
def test_twenty_concurrent_users_and_chat_during_rebuild(settings: Settings, corpus: Path) -> None:
    with running_app(settings) as url:
        with ThreadPoolExecutor(max_workers=20) as pool:
            results = list(pool.map(lambda i: _user(url, i), range(20)))
        assert len(results) == 20 and all(answer for _, answer in results)
        assert all(t > 0 for t, _ in results)

        failures: list[BaseException] = []
        done = threading.Event()

        def rebuild() -> None:
            try:
                for _ in range(3):
                    build_index(settings, rebuild=True, wait_s=30)
            finally:
                done.set()

        worker = threading.Thread(target=rebuild)
        worker.start()
        asked = 0
        while not done.is_set() or asked < 3:
            try:
                _, answer = _user(url, asked)
                assert answer
            except BaseException as exc:  # noqa: BLE001 - every failure counts
                failures.append(exc)
            asked += 1
        worker.join()
        assert failures == [] and asked >= 3
