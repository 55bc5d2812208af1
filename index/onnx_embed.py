"""EmbeddingGemma on ONNX Runtime: the sentence pipeline exported by `g40 setup`, no torch.

Importing torch and sentence-transformers alone takes 6-8 s on two cores, longer than embedding a
question; ONNX Runtime and the Rust tokenizer load in well under a second. The exported graph
holds the whole sentence-transformers pipeline (transformer, mean pooling, two dense layers,
normalisation), so its output is the model's sentence embedding as is.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from index.embedder import Embedder

# Texts of similar length share a forward pass, so little is spent on padding.
MICRO_BATCH = 4


class OnnxEmbedding(Embedder):
    """A sentence-embedding ONNX graph with inputs ``input_ids``/``attention_mask``."""

    def __init__(self, graph: Path, tokenizer_dir: Path, query_prefix: str, text_prefix: str,
                 threads: int = 2, embed_batch_size: int = 10) -> None:
        super().__init__(model_name=f"{tokenizer_dir.name}/{graph.name}",
                         embed_batch_size=embed_batch_size)
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, min(threads, os.cpu_count() or 1))
        options.inter_op_num_threads = 1
        # Idle worker threads must not spin: the LLM needs the same two cores right after.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self._tokenize = token_ids(tokenizer_dir)
        self._query_prefix = query_prefix
        self._text_prefix = text_prefix

    def embed(self, texts: list[str]) -> list[list[float]]:
        """Sentence embeddings (unit length) of ``texts``, in their order."""
        encodings = self._tokenize(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i]))
        vectors: list[list[float]] = [[] for _ in texts]
        for start in range(0, len(order), MICRO_BATCH):
            group = order[start : start + MICRO_BATCH]
            width = max(len(encodings[i]) for i in group)
            ids = np.zeros((len(group), width), dtype=np.int64)
            mask = np.zeros((len(group), width), dtype=np.int64)
            for row, i in enumerate(group):
                n = len(encodings[i])
                ids[row, :n] = encodings[i]
                mask[row, :n] = 1
            out = self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            for row, i in enumerate(group):
                vectors[i] = out[row].astype(float).tolist()
        return vectors

    def _get_query_embedding(self, query: str) -> list[float]:
        return self.embed([self._query_prefix + query])[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.embed([self._text_prefix + text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self.embed([self._text_prefix + t for t in texts])


def token_ids(model_dir: Path) -> Callable[[list[str]], list[list[int]]]:
    """The model's tokenizer as a function from texts to token ids (with the model's start and
    end tokens, cut at its limit).

    SentencePiece's ``tokenizer.model`` when the folder has one: it loads in ~0.1 s, whereas
    the same vocabulary as ``tokenizer.json`` takes 1-2 s to parse. Both give the same ids
    (tested on the real model); a folder with only ``tokenizer.json`` uses that.
    """
    limit = _max_length(model_dir)
    if (model_dir / "tokenizer.model").exists():
        import sentencepiece

        sp = sentencepiece.SentencePieceProcessor(model_file=str(model_dir / "tokenizer.model"))
        ends = [sp.bos_id()], [sp.eos_id()]
        return lambda texts: [ends[0] + ids[: limit - 2] + ends[1] for ids in sp.encode(texts)]
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(limit)
    return lambda texts: [e.ids for e in tokenizer.encode_batch(texts)]


def _max_length(model_dir: Path) -> int:
    """The model's own limit (sentence-transformers' ``max_seq_length``)."""
    try:
        return int(json.loads((model_dir / "sentence_bert_config.json").read_text())["max_seq_length"])
    except (OSError, KeyError, ValueError):
        return 2048
