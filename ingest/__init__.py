"""Stage 1: report files -> cleaned texts and sentence-aligned chunks with offsets.

Public entry: ``load_corpus(corpus_dir)``; ``load_report(path, meta)`` for one file.
"""

from ingest.chunk import Chunk, chunk_doc
from ingest.clean import CleanDoc, clean
from ingest.corpus import (
    CorpusLoad,
    Report,
    load_corpus,
    load_report,
)
from ingest.readers import SUPPORTED, IngestError, read_text
from ingest.sentences import sentences, split_sentences
from storage import ReportMeta, read_metadata, report_id_for, write_metadata

__all__ = [
    "SUPPORTED", "Chunk", "CleanDoc", "CorpusLoad", "IngestError", "Report", "ReportMeta",
    "chunk_doc", "clean", "load_corpus", "load_report", "read_metadata", "read_text",
    "report_id_for", "sentences", "split_sentences", "write_metadata",
]
