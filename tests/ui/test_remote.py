"""`g40 ask` and `g40 retrieve` against a running app (--server): the same JSON contract."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from config import Settings
from g40.cli import app
from tests.conftest import free_port
from tests.ui.apphelpers import running_app

pytestmark = pytest.mark.browser
QUESTION = "Hoeveel pilots voor financieringsconstructies waren er in 2030?"


def test_ask_and_retrieve_through_a_running_app(settings: Settings) -> None:
    runner = CliRunner()
    with running_app(settings) as url:
        local = json.loads(runner.invoke(app, ["retrieve", QUESTION, "--json"]).stdout)
        remote = runner.invoke(app, ["retrieve", QUESTION, "--json", "--server", url])
        assert remote.exit_code == 0, remote.output
        assert json.loads(remote.stdout) == local

        asked = runner.invoke(app, ["ask", QUESTION, "--json", "--server", url])
        assert asked.exit_code == 0, asked.output
        result = json.loads(asked.stdout)
        assert {"question", "standalone_question", "answer", "answered", "citations", "passages",
                "timings", "llm", "flagged"} <= set(result)
        assert result["answered"] and "14 pilots" in result["answer"]


def test_an_unreachable_server_is_a_dutch_message(settings: Settings) -> None:
    result = CliRunner().invoke(app, ["ask", QUESTION, "--server", f"http://127.0.0.1:{free_port()}/"])
    assert result.exit_code == 1 and "niet bereikbaar" in result.output


def test_a_running_app_is_found_in_the_data_dir_and_a_stale_one_ignored(
        settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant
    from storage import SERVER_FILE, running_server
    from ui import serve

    monkeypatch.setenv("G40_PORT", str(free_port()))
    served = Settings()
    demo = serve(served, log=lambda _: None, block=False)
    runner = CliRunner()
    try:
        url = running_server(served.paths.data_dir)
        assert url == f"http://127.0.0.1:{served.ui.port}/"

        # Answering in this process would build a second Assistant: the found app must answer.
        def no_local(*_: object, **__: object) -> None:
            raise AssertionError("answered locally although an app was running")

        with monkeypatch.context() as m:
            m.setattr(assistant, "Assistant", no_local)
            asked = runner.invoke(app, ["ask", QUESTION, "--json"])
        assert asked.exit_code == 0, asked.output
        assert "14 pilots" in json.loads(asked.stdout)["answer"]

        # --local and a named backend answer here, as before.
        with monkeypatch.context() as m:
            m.setattr(assistant, "Assistant", no_local)
            assert runner.invoke(app, ["ask", QUESTION, "--json", "--local"]).exit_code != 0
    finally:
        demo.close()

    # The file outlives a killed app: with the port closed it is ignored and the command answers itself.
    assert (served.paths.data_dir / SERVER_FILE).exists()
    assert running_server(served.paths.data_dir) is None
    asked = runner.invoke(app, ["ask", QUESTION, "--json"])
    assert asked.exit_code == 0 and "14 pilots" in json.loads(asked.stdout)["answer"]


def test_an_announcement_of_a_dead_process_is_ignored(settings: Settings) -> None:
    from storage import SERVER_FILE, running_server

    path = settings.paths.data_dir / SERVER_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    for text in ('{"url": "http://127.0.0.1:9/", "pid": 999999999}', "not json", '{"url": 1}'):
        path.write_text(text)
        assert running_server(settings.paths.data_dir) is None


def test_a_terminated_app_withdraws_its_announcement(settings: Settings) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from storage import SERVER_FILE, running_server

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "g40.cli", "ui", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "HF_HUB_OFFLINE": "1"})
    try:
        deadline = time.monotonic() + 120
        while running_server(settings.paths.data_dir) is None:
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.5)
        # `kill`, as a service manager stops it; at once, while Gradio may still be starting.
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not (settings.paths.data_dir / SERVER_FILE).exists()
