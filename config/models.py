"""Where the assembled model files live inside ``models_dir`` (built by `g40 setup`)."""

from __future__ import annotations

from pathlib import Path

EMBED_DIR = "embeddinggemma-300m"
# The same model exported by `g40 setup` to ONNX (whole sentence pipeline: transformer, mean
# pooling, both dense layers, normalisation), once in fp32 and once with int8 weights.
EMBED_ONNX_DIR = "embeddinggemma-300m-onnx"
EMBED_ONNX_FILES = {"onnx": "model.onnx", "onnx-int8": "model-int8.onnx"}
LLM_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
# EmbeddingGemma was trained with these prompts (its model card); without them retrieval drops.
EMBED_QUERY_PROMPT = "task: search result | query: "
EMBED_TEXT_PROMPT = "title: none | text: "


def embed_model_path(models_dir: Path) -> Path:
    return models_dir / EMBED_DIR


def embed_onnx_path(models_dir: Path) -> Path:
    return models_dir / EMBED_ONNX_DIR


def llm_model_path(models_dir: Path) -> Path:
    return models_dir / LLM_FILE
