"""Chroma clients: embedded PersistentClient per index state, or a `chroma run` server."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import chromadb
from chromadb.config import Settings as ChromaSettings

from config import Settings

log = logging.getLogger(__name__)


class ChromaUnavailableError(RuntimeError):
    """The configured Chroma server cannot be reached."""


def chroma_client(settings: Settings, state_path: Path) -> Any:
    """HttpClient when G40_CHROMA_HOST is set, else an embedded client inside the state folder."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    host = settings.index.chroma_host
    if host:
        try:
            return chromadb.HttpClient(host=host, port=settings.index.chroma_port,
                                       settings=chroma_settings)
        except Exception as exc:
            raise ChromaUnavailableError(
                f"Chroma-server {host}:{settings.index.chroma_port} niet bereikbaar ({exc}); "
                "controleer G40_CHROMA_HOST en G40_CHROMA_PORT of haal G40_CHROMA_HOST weg "
                "voor de ingebouwde database."
            ) from exc
    return chromadb.PersistentClient(path=str(state_path / "chroma"), settings=chroma_settings)


def collection(client: Any, name: str) -> Any:
    """The state's Chroma collection (cosine distance), made if it is not there yet."""
    return client.get_or_create_collection(name, metadata={"hnsw:space": "cosine"})


def vector_store(client: Any, name: str) -> Any:
    """llama-index's store over the collection, which the index build writes through."""
    from llama_index.vector_stores.chroma import ChromaVectorStore

    return ChromaVectorStore(chroma_collection=collection(client, name))


def drop_collection(client: Any, name: str) -> None:
    try:
        client.delete_collection(name)
    except Exception as exc:  # already gone or server away: nothing to clean up
        log.debug("collection %s not dropped: %s", name, exc)
