"""A text is embedded once: its vector is read back from the data dir's cache after that."""

from pathlib import Path

from index.embed import SerialEmbedding
from index.embedder import Embedder
from index.vector_cache import VectorCache


class CountingEmbedding(Embedder):
    """A vector per text from its length; records every text it embeds."""

    def __init__(self) -> None:
        super().__init__(model_name="counting")
        self.embedded: list[str] = []

    def _get_query_embedding(self, query: str) -> list[float]:
        return [1.0, 0.0]

    def _get_text_embedding(self, text: str) -> list[float]:
        self.embedded.append(text)
        return [float(len(text)), 1.0]


def test_a_text_is_embedded_once_also_by_another_process(tmp_path: Path) -> None:
    file = tmp_path / "cache" / "vectors.sqlite"
    inner = CountingEmbedding()
    model = SerialEmbedding(inner, VectorCache(file, "m"))
    first = model.get_text_embedding_batch(["een zin", "twee zinnen", "een zin"])
    assert first == [[7.0, 1.0], [11.0, 1.0], [7.0, 1.0]]
    assert inner.embedded == ["een zin", "twee zinnen"]  # a repeat within the batch once
    # A new process (a new cache object on the same file) reads them back.
    again = CountingEmbedding()
    second = SerialEmbedding(again, VectorCache(file, "m"))
    assert second.get_text_embedding_batch(["twee zinnen", "drie"]) == [[11.0, 1.0], [4.0, 1.0]]
    assert again.embedded == ["drie"]
    # Another model's vectors are not those of this one.
    other = CountingEmbedding()
    SerialEmbedding(other, VectorCache(file, "another model")).get_text_embedding_batch(["een zin"])
    assert other.embedded == ["een zin"]


def test_a_cache_that_cannot_be_read_is_left_aside(tmp_path: Path) -> None:
    file = tmp_path / "vectors.sqlite"
    file.write_bytes(b"this is no database" * 100)
    inner = CountingEmbedding()
    model = SerialEmbedding(inner, VectorCache(file, "m"))
    assert model.get_text_embedding_batch(["een zin", "een zin"]) == [[7.0, 1.0], [7.0, 1.0]]
    assert model.get_text_embedding_batch(["een zin"]) == [[7.0, 1.0]]
    assert inner.embedded == ["een zin", "een zin"]  # embedded each time, nothing lost
    assert file.read_bytes().startswith(b"this is no database")  # and not overwritten
