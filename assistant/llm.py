"""LLM backends chosen by settings: embedded llama.cpp (default), Ollama, OpenAI-compatible, fake.

The embedded model runs in-process in ``xllamacpp.Server``, which also serves OpenAI-style chat
completions on a loopback port; every real backend is therefore reached through one client path.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from config import Settings, llm_model_path

if TYPE_CHECKING:  # llama-index takes ~1.5 s to import: not before the models are starting
    from llama_index.core.llms import LLM

log = logging.getLogger(__name__)


class LLMUnavailableError(RuntimeError):
    """The configured LLM cannot be used; the message names the setting to fix."""


_servers: dict[str, Any] = {}
_server_lock = threading.Lock()


def embedded_server(settings: Settings) -> str:
    """Start (once per process) the embedded llama.cpp server; returns its base URL."""
    path = llm_model_path(settings.paths.models_dir)
    key = str(path)
    with _server_lock:
        if key in _servers:
            return str(_servers[key][1])
        if not path.exists():
            raise LLMUnavailableError(
                f"Taalmodel niet gevonden: {path}. Voer `g40 setup` (of `make install`) uit, zet "
                "G40_MODELS_DIR goed, of kies een server met G40_LLM=ollama|openai en G40_LLM_BASE_URL."
            )
        import xllamacpp

        p = xllamacpp.CommonParams()
        p.model.path = key
        p.n_ctx = settings.assistant.llm_ctx
        p.cpuparams.n_threads = settings.assistant.llm_threads
        p.cpuparams_batch.n_threads = settings.assistant.llm_threads
        p.n_parallel = 1  # one answer at a time: two would each run at half speed on 2 cores
        p.port = 0
        p.cache_prompt = True
        p.verbosity = -1
        # llama.cpp's slot save/restore: the primed prompt prefix is kept on disk (prefix_cache).
        p.endpoint_slots = True
        p.slot_save_path = str(prefix_dir(settings)) + os.sep
        server = xllamacpp.Server(p)
        url = f"{server.listening_address.rstrip('/')}/v1"
        if not url.startswith("http"):
            url = "http://" + url
        _servers[key] = (server, url)
        return url


def start_llm(settings: Settings) -> threading.Thread | None:
    """Start loading the embedded LLM in a thread, for a fresh process (`g40 ask`).

    The model loads in native code while Python goes on importing the rest of the assistant.
    Only the LLM: its loader imports nothing but xllamacpp, whereas the embedder's imports
    would race the main thread's through llama-index's circular imports (a module-lock
    deadlock). Errors are not raised here: the later call that needs the model raises them.
    """
    if settings.assistant.llm != "embedded":
        return None

    def load() -> None:
        try:
            embedded_server(settings)
        except Exception as exc:  # reported by the call that needs the model
            log.info("early LLM load failed: %s", exc)

    thread = threading.Thread(target=load, daemon=True, name="g40-llm-load")
    thread.start()
    return thread


def prefix_dir(settings: Settings) -> Path:
    path = settings.paths.data_dir / "cache" / "llm-prefix"
    path.mkdir(parents=True, exist_ok=True)
    return path


def prefix_file(settings: Settings, messages: list[Any]) -> Path:
    """Where llama.cpp's state after ``messages`` is kept: named by the model file, the
    llama.cpp build, the context size and the prompt text, so a change of any makes a new one."""
    import xllamacpp

    model = llm_model_path(settings.paths.models_dir)
    key = json.dumps([model.name, model.stat().st_size if model.exists() else 0,
                      getattr(xllamacpp, "__version__", ""), settings.assistant.llm_ctx,
                      [[str(getattr(m, "role", "")), str(getattr(m, "content", m))] for m in messages]])
    return prefix_dir(settings) / f"prefix-{hashlib.sha256(key.encode()).hexdigest()[:20]}.bin"


def slot(settings: Settings, action: str, file: Path) -> bool:
    """Save or restore the embedded server's only slot to/from ``file``; False if it failed."""
    import httpx

    root = embedded_server(settings).removesuffix("/v1")
    try:
        r = httpx.post(f"{root}/slots/0", params={"action": action}, json={"filename": file.name},
                       timeout=settings.assistant.llm_timeout_s)
    except httpx.HTTPError as exc:
        log.warning("slot %s failed: %s", action, exc)
        return False
    if r.status_code != 200:
        log.warning("slot %s failed: %s %s", action, r.status_code, r.text[:200])
    return r.status_code == 200


def get_llm(settings: Settings) -> LLM:
    """The LLM the settings ask for (the embedded server is started once per process)."""
    a = settings.assistant
    if a.llm == "fake":
        from assistant.fake import FakeLLM

        return FakeLLM.from_file(a.fake_answers) if a.fake_answers else FakeLLM()
    if a.llm == "ollama":
        from llama_index.llms.ollama import Ollama

        return Ollama(model=a.llm_model, base_url=a.llm_base_url or "http://localhost:11434",
                      request_timeout=a.llm_timeout_s, temperature=a.temperature,
                      context_window=a.llm_ctx, additional_kwargs={"num_predict": a.max_tokens})
    if a.llm == "openai":
        if not a.llm_base_url:
            raise LLMUnavailableError("G40_LLM=openai vraagt ook G40_LLM_BASE_URL (bv. http://localhost:8000/v1).")
        base = a.llm_base_url
        model = a.llm_model
    else:
        base = embedded_server(settings)
        model = "local"
    from llama_index.llms.openai_like import OpenAILike

    return OpenAILike(model=model, api_base=base, api_key=a.llm_api_key.get_secret_value(),
                      is_chat_model=True, context_window=a.llm_ctx, max_tokens=a.max_tokens,
                      temperature=a.temperature, timeout=a.llm_timeout_s, max_retries=0)


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
