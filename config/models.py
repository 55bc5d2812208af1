"""Where the assembled model files live inside ``models_dir`` (built by `g40 setup`)."""

from __future__ import annotations

from pathlib import Path

EMBED_DIR = "embeddinggemma-300m"
LLM_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"


def embed_model_path(models_dir: Path) -> Path:
    return models_dir / EMBED_DIR


def llm_model_path(models_dir: Path) -> Path:
    return models_dir / LLM_FILE
