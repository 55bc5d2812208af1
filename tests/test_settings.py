from pathlib import Path

import pytest

from config import Settings, load_settings


def test_flat_env_names_fill_the_sections(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("G40_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("G40_CHROMA_HOST", "chroma.intern")
    monkeypatch.setenv("G40_LLM", "ollama")
    monkeypatch.setenv("G40_ADMIN_PASSWORD", "geheim")
    s = Settings()
    assert s.paths.data_dir == tmp_path and s.index.chroma_host == "chroma.intern"
    assert s.assistant.llm == "ollama" and s.ui.admin_password is not None
    assert "geheim" not in repr(s) and "geheim" not in str(s.public_dict())


def test_every_field_has_a_default_and_a_description() -> None:
    s = Settings()
    for section in (s.paths, s.ingest, s.index, s.assistant, s.ui):
        for name, field in type(section).model_fields.items():
            assert field.description, name
            assert not field.is_required(), name


def test_env_file_and_overrides(tmp_path: Path) -> None:
    env = tmp_path / "a.env"
    env.write_text("G40_TOP_K=9\nG40_BM25_WEIGHT=3\n")
    s = load_settings(env, evidence_passages="4")
    assert s.index.top_k == 9 and s.index.bm25_weight == 3.0 and s.assistant.evidence_passages == 4
    assert Settings().index.top_k == 5  # the overlay does not leak
