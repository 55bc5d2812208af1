"""Shared fixtures: every test gets its own data dir (G40_DATA_DIR) and a copy of a tiny corpus."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from config import PROJECT_ROOT, Settings, embed_model_path, llm_model_path

FIXTURES = Path(__file__).parent / "fixtures"
MODELS = PROJECT_ROOT / "data" / "models"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus", target)
    return target


@pytest.fixture
def env(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Isolated state, fake embedder and fake LLM; returns the data dir."""
    data = tmp_path / "data"
    monkeypatch.setenv("G40_DATA_DIR", str(data))
    monkeypatch.setenv("G40_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("G40_EMBED", "hash")
    monkeypatch.setenv("G40_LLM", "fake")
    # The broad-question classifier needs the real embedder; its own tests switch it on.
    monkeypatch.setenv("G40_OVERVIEW", "false")
    monkeypatch.delenv("G40_CHROMA_HOST", raising=False)
    monkeypatch.delenv("G40_ADMIN_PASSWORD", raising=False)
    return data


@pytest.fixture
def settings(env: Path) -> Settings:
    return Settings()


@pytest.fixture
def real_models(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The assembled real models (make install builds them); the test fails loudly without."""
    if not (embed_model_path(MODELS) / ".complete").exists() or not llm_model_path(MODELS).exists():
        pytest.fail("Real models missing: run `make install` (g40 setup) first")
    monkeypatch.setenv("G40_MODELS_DIR", str(MODELS))
    return MODELS
