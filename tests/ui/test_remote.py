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
