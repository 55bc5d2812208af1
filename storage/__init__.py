"""Layer 1: what the product stores: report files, their metadata, user feedback, the lock, and
where a running app announces itself.

The CLI, the admin tab, ingest and the tests all go through this package; nothing else writes
into the corpus folder or the feedback database.
"""

from storage.corpus import (
    REPORT_SUFFIXES,
    RESERVED_IDS,
    Change,
    CorpusFiles,
    StorageError,
    corpus_files,
    report_id_for,
)
from storage.feedback import FeedbackStore
from storage.lock import BusyError, acquire, corpus_lock
from storage.metadata import (
    KINDS,
    LAST_GOOD_FILE,
    METADATA_FILE,
    MetadataError,
    ReportMeta,
    read_metadata,
    validate,
    write_metadata,
)
from storage.runtime import SERVER_FILE, announce, running_server, withdraw

__all__ = [
    "KINDS", "LAST_GOOD_FILE", "METADATA_FILE", "REPORT_SUFFIXES", "RESERVED_IDS", "BusyError",
    "Change", "CorpusFiles", "FeedbackStore", "MetadataError", "ReportMeta", "SERVER_FILE", "StorageError",
    "acquire", "corpus_files", "corpus_lock", "read_metadata", "report_id_for", "running_server",
    "validate", "withdraw", "write_metadata", "announce",
]
