"""What a user builds in an afternoon: llama-index defaults over the same reports and models.

VectorStoreIndex over default-chunked raw text (SentenceSplitter), same embedding model and LLM,
llama-index's default QA prompt, top-2 nodes. Its "sources" are the retrieved nodes.
"""

from __future__ import annotations

import re
import time
from typing import Any

from llama_index.core import SimpleDirectoryReader, VectorStoreIndex
from llama_index.embeddings.huggingface import HuggingFaceEmbedding

from assistant import llama_index_llm
from config import Settings, embed_model_path
from config.models import EMBED_QUERY_PROMPT, EMBED_TEXT_PROMPT
from ingest import SUPPORTED

_REFUSAL = re.compile(
    r"(not (provided|mentioned|specified|available)|no information|does not (contain|mention|provide)|"
    r"niet (vermeld|genoemd|gegeven|in de)|geen informatie|onbekend)", re.I)


def naive_embed_model(settings: Settings) -> HuggingFaceEmbedding:
    """The embedder as an afternoon's pipeline runs it: llama-index's sentence-transformers
    wrapper on torch, with the model's prompts."""
    return HuggingFaceEmbedding(
        model_name=str(embed_model_path(settings.paths.models_dir)), device="cpu",
        query_instruction=EMBED_QUERY_PROMPT, text_instruction=EMBED_TEXT_PROMPT, normalize=True,
        embed_batch_size=settings.index.embed_batch_size)


class NaiveBaseline:
    """A default llama-index query engine; ``ask`` returns the `g40 ask --json` shape."""

    label = "baseline (llama-index defaults)"

    def __init__(self, settings: Settings):
        files = [str(p) for p in sorted(settings.paths.corpus_dir.iterdir())
                 if p.suffix.lower() in SUPPORTED]
        docs = SimpleDirectoryReader(input_files=files).load_data()
        index = VectorStoreIndex.from_documents(docs, embed_model=naive_embed_model(settings))
        self.engine = index.as_query_engine(llm=llama_index_llm(settings), streaming=True)

    def ask(self, question: str, history: list[dict[str, str]] | None = None) -> dict[str, Any]:
        t0 = time.perf_counter()
        response = self.engine.query(question)
        t_evidence = time.perf_counter() - t0
        answer, first = "", 0.0
        for delta in response.response_gen:  # type: ignore[union-attr]
            if not answer and delta.strip():
                first = time.perf_counter() - t0
            answer += delta
        total = time.perf_counter() - t0
        passages = []
        for rank, sn in enumerate(response.source_nodes, 1):
            meta = sn.node.metadata
            source = str(meta.get("file_name", "")).rsplit(".", 1)[0]
            passages.append({
                "rank": rank, "source": source, "title": source, "year": 0, "section": "",
                "text": sn.node.get_content(), "start": getattr(sn.node, "start_char_idx", None) or 0,
                "end": getattr(sn.node, "end_char_idx", None) or 0, "score": float(sn.score or 0.0),
            })
        answered = bool(answer.strip()) and not _REFUSAL.search(answer)
        citations = [dict(p, n=p["rank"]) for p in passages] if answered else []
        return {
            "question": question, "standalone_question": question, "answer": answer.strip(),
            "answered": answered, "citations": citations, "passages": passages,
            "timings": {"evidence_s": t_evidence, "retrieval_s": t_evidence,
                        "first_token_s": first or total, "total_s": total},
            "llm": "baseline",
        }
