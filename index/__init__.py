"""Stage 2: embed and store chunks (Chroma + BM25), and retrieve them.

Public entries: ``build_index(settings)`` (incremental, crash-safe) and ``Retriever(settings)``.
"""

from index.build import BuildSummary, IndexBusyError, build_index
from index.chroma import ChromaUnavailableError
from index.embed import ModelMissingError, get_embed_model
from index.retrieve import Passage, QueryHints, Retriever, analyze_query, named_years
from index.state import IndexMissingError, current_name, index_root

__all__ = [
    "BuildSummary", "ChromaUnavailableError", "IndexBusyError", "IndexMissingError",
    "ModelMissingError", "Passage", "QueryHints", "Retriever", "analyze_query", "build_index",
    "current_name", "get_embed_model", "index_root", "named_years",
]
