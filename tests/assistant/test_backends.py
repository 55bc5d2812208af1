"""An OpenAI-compatible server, chosen purely by settings (a stub that speaks the protocol)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from assistant import Assistant
from config import Settings
from index import build_index

ANSWER = "In de vorm van 14 pilots kan worden geëxperimenteerd met financieringsconstructies [1]."


class _Recording(BaseHTTPRequestHandler):
    """A stub model server: records each request's path and JSON body, answers with ANSWER."""

    requests: list[dict] = []

    def log_message(self, *args: object) -> None:
        pass

    def _record(self) -> dict:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
        self.send_response(200)
        return body


class _Handler(_Recording):
    """OpenAI-compatible chat completions, streamed as server-sent events."""

    requests: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802
        body = self._record()
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for word in ANSWER.split(" "):
            chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": body["model"],
                     "choices": [{"index": 0, "delta": {"content": word + " "}, "finish_reason": None}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")


class _OllamaHandler(_Recording):
    """Ollama's own /api/chat, streamed as JSON lines."""

    requests: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802
        body = self._record()
        self.send_header("Content-Type", "application/x-ndjson")
        self.end_headers()
        for word in ANSWER.split(" "):
            line = {"model": body["model"], "message": {"role": "assistant", "content": word + " "},
                    "done": False}
            self.wfile.write((json.dumps(line) + "\n").encode())
        self.wfile.write((json.dumps({"model": body["model"], "done": True}) + "\n").encode())


@contextmanager
def _serving(handler: type[_Recording]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture
def stub_server() -> Iterator[str]:
    with _serving(_Handler) as url:
        yield url + "/v1"


def test_openai_compatible_backend_selected_by_settings(env: Path, stub_server: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("G40_LLM", "openai")
    monkeypatch.setenv("G40_LLM_BASE_URL", stub_server)
    monkeypatch.setenv("G40_LLM_MODEL", "team-model")
    monkeypatch.setenv("G40_LLM_API_KEY", "s3cret-key")
    settings = Settings()
    build_index(settings)
    _Handler.requests.clear()
    answer = Assistant(settings).ask("Hoeveel pilots voor financieringsconstructies waren er in 2030?")
    assert answer.answered and "14 pilots" in answer.answer
    assert answer.llm == f"openai:team-model@{stub_server}"
    req = _Handler.requests[-1]
    assert req["path"] == "/v1/chat/completions" and req["model"] == "team-model" and req["stream"]
    assert req["auth"] == "Bearer s3cret-key"
    assert "s3cret-key" not in json.dumps(settings.public_dict())


class _RefusesSchemas(_Handler):
    """An older OpenAI-compatible server: a request with response_format is a 400."""

    requests: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if "response_format" in body:
            self.requests.append(body)
            self.send_response(400)
            self.end_headers()
            self.wfile.write(b'{"error": "response_format not supported"}')
            return
        self.requests.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        chunk = {"choices": [{"index": 0, "delta": {"content": '{"found": false, "claims": []}'}}]}
        self.wfile.write(f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode())


def test_a_json_schema_goes_to_each_server_in_its_own_field() -> None:
    from assistant.chat import ChatMessage, OllamaChat, OpenAIChat

    shape = {"type": "object", "properties": {"found": {"type": "boolean"}}}
    hello = [ChatMessage("user", "hallo")]
    with _serving(_Handler) as url:
        _Handler.requests.clear()
        OpenAIChat(url + "/v1", "m", 0.0, 10, 5.0).chat(hello, schema=shape)
        assert _Handler.requests[-1]["response_format"] == {
            "type": "json_schema", "json_schema": {"name": "answer", "schema": shape}}
        OpenAIChat(url + "/v1", "m", 0.0, 10, 5.0).chat(hello)
        assert "response_format" not in _Handler.requests[-1]
    with _serving(_OllamaHandler) as url:
        OllamaChat(url, "m", 0.0, 10, 5.0, 4096).chat(hello, schema=shape)
        assert _OllamaHandler.requests[-1]["format"] == shape
    with _serving(_RefusesSchemas) as url:
        _RefusesSchemas.requests.clear()
        model = OpenAIChat(url + "/v1", "m", 0.0, 10, 5.0)
        assert model.chat(hello, schema=shape) == '{"found": false, "claims": []}'
        assert model.chat(hello, schema=shape)  # remembered: asked once with the field, then without
        assert ["response_format" in r for r in _RefusesSchemas.requests] == [True, False, False]


def test_a_broken_model_file_gives_a_dutch_message_and_leaves_no_process(
        env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.llm import LLMUnavailableError, embedded_server, start_llm
    from config import llm_model_path

    models = tmp_path / "models"
    models.mkdir()
    llm_model_path(models).write_bytes(b"not a gguf file" * 100)
    monkeypatch.setenv("G40_MODELS_DIR", str(models))
    monkeypatch.setenv("G40_LLM", "embedded")
    settings = Settings()
    start_llm(settings)  # starts the child process, does not wait or raise
    with pytest.raises(LLMUnavailableError, match="ingebouwde taalmodel start niet"):
        embedded_server(settings)
    from assistant import llm

    server = llm._servers.pop(str(llm_model_path(models)))
    assert server.proc.wait(timeout=10) is not None  # the child has exited


def test_a_missing_model_names_the_setup_command(env: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.llm import LLMUnavailableError, embedded_server, start_llm

    monkeypatch.setenv("G40_MODELS_DIR", str(tmp_path / "nowhere"))
    monkeypatch.setenv("G40_LLM", "embedded")
    settings = Settings()
    start_llm(settings)  # logs, does not raise
    with pytest.raises(LLMUnavailableError, match="g40 setup"):
        embedded_server(settings)


def test_ollama_backend_gets_the_context_size_and_streams(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with _serving(_OllamaHandler) as url:
        monkeypatch.setenv("G40_LLM", "ollama")
        monkeypatch.setenv("G40_LLM_BASE_URL", url)
        monkeypatch.setenv("G40_LLM_MODEL", "qwen2.5:3b")
        settings = Settings()
        build_index(settings)
        _OllamaHandler.requests.clear()
        answer = Assistant(settings).ask("Hoeveel pilots voor financieringsconstructies waren er in 2030?")
    assert answer.answered and "14 pilots" in answer.answer
    req = _OllamaHandler.requests[-1]
    assert req["path"] == "/api/chat" and req["model"] == "qwen2.5:3b" and req["stream"]
    assert req["options"]["num_ctx"] == settings.assistant.llm_ctx  # Ollama's default would cut it
    assert req["messages"][-1]["role"] == "user" and "Passages:" in req["messages"][-1]["content"]


def test_a_server_that_is_not_there_names_the_settings_to_fix(
        env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from assistant import LLMUnavailableError

    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("G40_LLM", "openai")
    monkeypatch.setenv("G40_LLM_BASE_URL", f"http://127.0.0.1:{port}/v1")
    settings = Settings()
    build_index(settings)
    with pytest.raises(LLMUnavailableError, match="G40_LLM_BASE_URL"):
        Assistant(settings).ask("Hoeveel pilots voor financieringsconstructies waren er in 2030?")


def test_the_question_path_does_not_import_llama_index() -> None:
    """llama-index takes 2-3 s to import: only building an index and the baseline use it."""
    import subprocess
    import sys

    code = ("import sys, g40.cli, assistant.pipeline, index.retrieve, index.onnx_embed, ui.app; "
            "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(('llama_index', 'openai'))}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
