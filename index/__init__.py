"""Stage 2: embed and store chunks (Chroma + BM25), and retrieve them.

Public entries: ``build_index(settings)`` (incremental, crash-safe), ``Retriever(settings)``,
``ReportCards(settings, retriever)`` (each report's card, made once per report content), and
``Library(settings)`` to add, replace, edit or remove a report (undone when its build fails).

The names are loaded on first use: `g40 index` with nothing to do should not pay for importing
Chroma and the embedder; llama-index is imported only to write a new index.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from index.bm25 import BM25Index, stem
    from index.build import BuildSummary, IndexBusyError, build_index
    from index.cards import CardLine, ReportCard, ReportCards, opens_paragraph
    from index.chroma import ChromaUnavailableError
    from index.embed import ModelMissingError, get_embed_model
    from index.embedder import Embedder, unit_rows
    from index.library import Library, LibraryError, Outcome
    from index.retrieve import (
        Passage,
        QueryHints,
        Retriever,
        analyze_query,
        drop_years,
        named_years,
    )
    from index.state import IndexMissingError, current_name, embed_model_name, index_root

_WHERE = {
    "BM25Index": "index.bm25", "stem": "index.bm25",
    "BuildSummary": "index.build", "IndexBusyError": "index.build", "build_index": "index.build",
    "ChromaUnavailableError": "index.chroma",
    "CardLine": "index.cards", "ReportCard": "index.cards", "ReportCards": "index.cards",
    "opens_paragraph": "index.cards",
    "Embedder": "index.embedder", "unit_rows": "index.embedder", "ModelMissingError": "index.embed", "get_embed_model": "index.embed",
    "Library": "index.library", "LibraryError": "index.library", "Outcome": "index.library",
    "Passage": "index.retrieve", "QueryHints": "index.retrieve", "Retriever": "index.retrieve",
    "analyze_query": "index.retrieve", "named_years": "index.retrieve", "drop_years": "index.retrieve",
    "IndexMissingError": "index.state", "current_name": "index.state", "index_root": "index.state",
    "embed_model_name": "index.state",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'index' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)


__all__ = [
    "CardLine", "ReportCard", "ReportCards", "opens_paragraph",
    "BM25Index", "BuildSummary", "ChromaUnavailableError", "Embedder", "IndexBusyError", "IndexMissingError", "Library",
    "LibraryError", "ModelMissingError", "Outcome", "Passage", "QueryHints", "Retriever",
    "analyze_query", "build_index", "current_name", "drop_years", "embed_model_name", "get_embed_model", "index_root", "named_years",
    "stem", "unit_rows",
]
