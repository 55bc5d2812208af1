"""LLM backends chosen by settings: embedded llama.cpp (default), Ollama, OpenAI-compatible, fake.

The embedded model runs in ``xllamacpp.Server`` in a child process (``assistant.llm_server``),
which serves OpenAI-style chat completions on a loopback port; every real backend is therefore
reached through one client path.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from assistant.chat import ChatMessage, ChatModel, OllamaChat, OpenAIChat
from config import Settings, llm_model_path

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

log = logging.getLogger(__name__)


class LLMUnavailableError(RuntimeError):
    """The configured LLM cannot be used; the message names the setting to fix."""


class EmbeddedServer:
    """The llama.cpp server child process (see ``assistant.llm_server``) and its URL."""

    def __init__(self, settings: Settings, model: Path) -> None:
        params = {"model": str(model), "ctx": settings.assistant.llm_ctx,
                  "threads": settings.assistant.llm_threads,
                  "slot_dir": str(prefix_dir(settings)) + os.sep}
        self.log_path = settings.paths.data_dir / "cache" / "llm-server.log"
        with self.log_path.open("wb") as log_file:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "assistant.llm_server", json.dumps(params)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log_file,
            )
        self._url: str | None = None
        self._lock = threading.Lock()

    def url(self) -> str:
        """The server's OpenAI-style base URL; waits until the model has loaded."""
        with self._lock:
            if self._url is None:
                assert self.proc.stdout is not None
                line = self.proc.stdout.readline().decode("utf-8", "replace")
                reply = json.loads(line) if line.strip().startswith("{") else {}
                if "url" not in reply:
                    self.stop()
                    detail = str(reply.get("error") or self._log_tail()).rstrip(".")
                    raise LLMUnavailableError(
                        f"Het ingebouwde taalmodel start niet: {detail}. Controleer G40_MODELS_DIR "
                        f"of voer `g40 setup` opnieuw uit (log: {self.log_path}).")
                self._url = f"{reply['url']}/v1"
            return self._url

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-500:].strip() or "geen uitvoer"
        except OSError:
            return "geen uitvoer"

    def stop(self) -> None:
        if self.proc.poll() is None:
            if self.proc.stdin is not None:
                self.proc.stdin.close()  # the server exits when its stdin closes
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()


_servers: dict[str, EmbeddedServer] = {}
_server_lock = threading.Lock()


def _server(settings: Settings) -> EmbeddedServer:
    """The embedded server for the configured model, started once per process."""
    path = llm_model_path(settings.paths.models_dir)
    with _server_lock:
        if str(path) not in _servers:
            if not path.exists():
                raise LLMUnavailableError(
                    f"Taalmodel niet gevonden: {path}. Voer `g40 setup` (of `make install`) uit, zet "
                    "G40_MODELS_DIR goed, of kies een server met G40_LLM=ollama|openai en G40_LLM_BASE_URL."
                )
            _servers[str(path)] = EmbeddedServer(settings, path)
        return _servers[str(path)]


_exiting = threading.Event()


@atexit.register
def _stop_servers() -> None:
    _exiting.set()
    for server in _servers.values():
        server.stop()


def shutting_down() -> bool:
    """True once the process exits: background cache work then fails, silently and harmlessly."""
    return _exiting.is_set()


def embedded_server(settings: Settings) -> str:
    """Start (once per process) the embedded llama.cpp server; returns its base URL."""
    return _server(settings).url()


def start_llm(settings: Settings) -> None:
    """Start loading the embedded LLM without waiting for it (a fresh `g40 ask`): the model
    loads in its own process while this one imports the rest and loads the embedder. Errors
    are not raised here: the later call that needs the model raises them."""
    if settings.assistant.llm != "embedded":
        return
    try:
        _server(settings)
    except LLMUnavailableError as exc:
        log.info("early LLM start failed: %s", exc)


def prefix_dir(settings: Settings) -> Path:
    path = settings.paths.data_dir / "cache" / "llm-prefix"
    path.mkdir(parents=True, exist_ok=True)
    return path


def prefix_file(settings: Settings, messages: list[ChatMessage]) -> Path:
    """Where llama.cpp's state after ``messages`` is kept: named by the model file, the
    llama.cpp build, the context size and the prompt text, so a change of any makes a new one."""
    import xllamacpp

    model = llm_model_path(settings.paths.models_dir)
    key = json.dumps([model.name, model.stat().st_size if model.exists() else 0,
                      getattr(xllamacpp, "__version__", ""), settings.assistant.llm_ctx,
                      [[m.role, m.content] for m in messages]])
    return prefix_dir(settings) / f"prefix-{hashlib.sha256(key.encode()).hexdigest()[:20]}.bin"


def slot(settings: Settings, action: str, file: Path) -> bool:
    """Save or restore the embedded server's only slot to/from ``file``; False if it failed."""
    root = embedded_server(settings).removesuffix("/v1")
    try:
        r = httpx.post(f"{root}/slots/0", params={"action": action}, json={"filename": file.name},
                       timeout=settings.assistant.llm_timeout_s)
    except httpx.HTTPError as exc:
        if not shutting_down():
            log.warning("slot %s failed: %s", action, exc)
        return False
    if r.status_code != 200:
        log.warning("slot %s failed: %s %s", action, r.status_code, r.text[:200])
    return r.status_code == 200


def get_llm(settings: Settings) -> ChatModel:
    """The LLM the settings ask for (the embedded server is started once per process)."""
    a = settings.assistant
    if a.llm == "fake":
        from assistant.fake import FakeLLM

        return FakeLLM.from_file(a.fake_answers) if a.fake_answers else FakeLLM()
    if a.llm == "ollama":
        return OllamaChat(a.llm_base_url or "http://localhost:11434", a.llm_model, a.temperature,
                          a.max_tokens, a.llm_timeout_s, a.llm_ctx)
    if a.llm == "embedded":
        base, model = embedded_server(settings), "local"
    elif a.llm_base_url:
        base, model = a.llm_base_url, a.llm_model
    else:
        raise LLMUnavailableError("G40_LLM=openai vraagt ook G40_LLM_BASE_URL (bv. http://localhost:8000/v1).")
    return OpenAIChat(base, model, a.temperature, a.max_tokens, a.llm_timeout_s,
                      a.llm_api_key.get_secret_value())


def llama_index_llm(settings: Settings) -> LLM:
    """The same model as a llama-index LLM, for pipelines built on llama-index (the naive
    baseline of the evals); the assistant itself talks to the model through ``get_llm``."""
    from assistant.llama_adapter import LlamaIndexChat

    a = settings.assistant
    return LlamaIndexChat(get_llm(settings), context_window=a.llm_ctx, num_output=a.max_tokens)


def llm_label(settings: Settings) -> str:
    a = settings.assistant
    if a.llm == "embedded":
        return "embedded:qwen2.5-coder-1.5b-instruct-q4_k_m"
    if a.llm == "fake":
        return "fake"
    return f"{a.llm}:{a.llm_model}@{a.llm_base_url}"


def describe_failure(settings: Settings, exc: BaseException) -> LLMUnavailableError:
    """Turn a connection/HTTP error of a backend into a message that names the setting to fix."""
    a = settings.assistant
    where = {"ollama": "G40_LLM_BASE_URL (Ollama, standaard http://localhost:11434) en G40_LLM_MODEL",
             "openai": "G40_LLM_BASE_URL, G40_LLM_MODEL en G40_LLM_API_KEY",
             "embedded": "G40_MODELS_DIR (ingebouwd model)", "fake": "G40_FAKE_ANSWERS"}[a.llm]
    return LLMUnavailableError(
        f"Taalmodel ({a.llm}) niet bereikbaar of gaf een fout: {type(exc).__name__}: {exc}. "
        f"Controleer {where}."
    )
