"""Stage 2: embed and store chunks (Chroma + BM25), and retrieve them.

Public entries: ``build_index(settings)`` (incremental, crash-safe), ``Retriever(settings)``, and
``Library(settings)`` to add, replace, edit or remove a report (undone when its build fails).
"""

from index.build import BuildSummary, IndexBusyError, build_index
from index.chroma import ChromaUnavailableError
from index.embed import ModelMissingError, get_embed_model
from index.library import Library, LibraryError, Outcome
from index.retrieve import Passage, QueryHints, Retriever, analyze_query, named_years
from index.state import IndexMissingError, current_name, index_root

__all__ = [
    "BuildSummary", "ChromaUnavailableError", "IndexBusyError", "IndexMissingError", "Library",
    "LibraryError", "Outcome",
    "ModelMissingError", "Passage", "QueryHints", "Retriever", "analyze_query", "build_index",
    "current_name", "get_embed_model", "index_root", "named_years",
]
