"""The ONNX Runtime embedder with a tiny real graph and tokenizer (no model download, fast)."""

from __future__ import annotations

import json
from pathlib import Path

import onnx
import pytest
from onnx import TensorProto, helper
from tokenizers import Tokenizer, models, pre_tokenizers

from config import Settings
from index.embed import ModelMissingError, get_embed_model
from index.onnx_embed import OnnxEmbedding
from index.state import embed_model_name

VOCAB = {"[PAD]": 0, "a": 1, "b": 2, "c": 3, "[UNK]": 4}


def tiny_model(folder: Path, max_len: int = 8) -> Path:
    """A graph whose 'embedding' is the sum of the unmasked token ids, and its tokenizer."""
    ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"])
    mask = helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"])
    out = helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", 1])
    axes = helper.make_tensor("axes", TensorProto.INT64, [1], [1])
    graph = helper.make_graph(
        [helper.make_node("Mul", ["input_ids", "attention_mask"], ["kept"]),
         helper.make_node("ReduceSum", ["kept", "axes"], ["total"], keepdims=1),
         helper.make_node("Cast", ["total"], ["sentence_embedding"], to=TensorProto.FLOAT)],
        "tiny", [ids, mask], [out], initializer=[axes])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 9
    folder.mkdir(parents=True, exist_ok=True)
    onnx.save(model, folder / "model.onnx")
    tok = Tokenizer(models.WordLevel(VOCAB, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.save(str(folder / "tokenizer.json"))
    (folder / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": max_len}))
    return folder / "model.onnx"


def test_vectors_come_back_in_the_order_asked_whatever_the_lengths(tmp_path: Path) -> None:
    graph = tiny_model(tmp_path)
    model = OnnxEmbedding(graph, tmp_path, query_prefix="c ", text_prefix="")
    texts = ["a b c", "c", "b b", "a", "c c c c", "b"]  # more than one micro-batch, mixed lengths
    assert model.get_text_embedding_batch(texts) == [[6.0], [3.0], [4.0], [1.0], [12.0], [2.0]]
    assert model.get_query_embedding("a") == [4.0]  # the query prefix is part of what is embedded


def test_texts_are_cut_at_the_models_own_limit(tmp_path: Path) -> None:
    graph = tiny_model(tmp_path, max_len=2)
    model = OnnxEmbedding(graph, tmp_path, query_prefix="", text_prefix="")
    assert model.get_text_embedding("c c c c") == [6.0]


def test_missing_export_names_the_setup_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    models_dir = tmp_path / "models"
    (models_dir / "embeddinggemma-300m").mkdir(parents=True)
    (models_dir / "embeddinggemma-300m" / ".complete").write_text("ok\n")
    monkeypatch.setenv("G40_MODELS_DIR", str(models_dir))
    monkeypatch.setenv("G40_EMBED", "gemma")
    monkeypatch.setenv("G40_EMBED_BACKEND", "onnx-int8")
    with pytest.raises(ModelMissingError, match="g40 setup"):
        get_embed_model(Settings())


def test_an_index_is_never_mixed_across_int8_and_full_precision(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("G40_EMBED", "gemma")
    names = {}
    for backend in ("torch", "onnx", "onnx-int8"):
        monkeypatch.setenv("G40_EMBED_BACKEND", backend)
        names[backend] = embed_model_name(Settings())
    assert names["torch"] == names["onnx"] != names["onnx-int8"]
