"""Sentence-aligned chunks that never cross a section and carry exact offsets."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass

from ingest.clean import CleanDoc
from ingest.sentences import split_sentences


@dataclass
class Chunk:
    id: str
    report_id: str
    title: str
    year: int
    kind: str
    section: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def search_text(self) -> str:
        """What BM25 and the embedder see: the passage with its section and report context."""
        return f"{self.section} ({self.title}, {self.year})\n{self.text}"


def sentence_spans(doc: CleanDoc) -> list[tuple[int, int, str]]:
    """All sentence spans of a document with their section heading."""
    out: list[tuple[int, int, str]] = []
    section = ""
    for block in doc.blocks:
        if block.kind == "heading":
            section = block.text
            continue
        for s, e in split_sentences(doc.text[block.start : block.end], block.start):
            out.append((s, e, section))
    return out


def chunk_doc(
    doc: CleanDoc,
    report_id: str,
    title: str,
    year: int,
    kind: str,
    target_chars: int = 700,
    overlap: int = 1,
) -> list[Chunk]:
    """Group sentences into chunks of about ``target_chars`` within each section."""
    sentences = sentence_spans(doc)
    chunks: list[Chunk] = []
    i = 0
    while i < len(sentences):
        start, end, section = sentences[i]
        j = i + 1
        while (
            j < len(sentences)
            and sentences[j][2] == section
            and sentences[j][1] - start <= target_chars
        ):
            end = sentences[j][1]
            j += 1
        text = doc.text[start:end]
        digest = hashlib.sha1(f"{report_id}\x00{start}\x00{text}".encode()).hexdigest()[:16]
        chunks.append(
            Chunk(f"{report_id}-{digest}", report_id, title, year, kind, section or title, text, start, end)
        )
        if j >= len(sentences):
            break
        # Repeat the last sentence(s) for context, but only inside the same section and with progress.
        nxt = j - overlap if overlap and sentences[j][2] == section and j - overlap > i else j
        i = nxt
    return chunks
