"""The real EmbeddingGemma model over the real corpus (slow, runs in CI)."""

from pathlib import Path

import pytest

from config import PROJECT_ROOT, Settings
from index import Retriever, build_index


@pytest.mark.slow
def test_real_model_retrieves_the_right_reports(env: Path, real_models: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("G40_EMBED", "gemma")
    monkeypatch.setenv("G40_CORPUS_DIR", str(PROJECT_ROOT / "corpus"))
    settings = Settings()
    summary = build_index(settings)
    assert summary.reports == 5 and summary.embedded_chunks == summary.chunks
    r = Retriever(settings)
    cases = {
        "Hoeveel regio's doen in 2025 mee aan de regionale MKB-aanpak?": "jaarverslag-2025",
        "Wat deed de pijler in 2024 aan ruimte voor werken?": "jaarverslag-2024",
        "Welke aanbevelingen van de commissie-Roemer moeten worden uitgevoerd?": "positionpaper-tk-verkiezingen-2025",
        "Waar kwamen de themagroepen samen tijdens de netwerkdagen in Almere?": "verslag-netwerkdagen-almere-2022",
    }
    for question, source in cases.items():
        assert source in [p.source for p in r.retrieve(question, k=3)], question
    assert build_index(settings).embedded_chunks == 0


@pytest.mark.slow
def test_onnx_exports_give_the_models_vectors(real_models: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fp32 ONNX is the same model as torch; int8 weights stay close (retrieval measured in benchmarks)."""
    import numpy as np

    from index import get_embed_model

    monkeypatch.setenv("G40_EMBED", "gemma")
    texts = ["De pijler Economie en Werk ondersteunt de regionale MKB-aanpak in 2025.",
             "Arbeidsmigratie vraagt om goede huisvesting en registratie.", "kort"]
    vectors = {}
    for backend in ("torch", "onnx", "onnx-int8"):
        monkeypatch.setenv("G40_EMBED_BACKEND", backend)
        model = get_embed_model(Settings())
        vectors[backend] = np.array(model.get_text_embedding_batch(texts) +
                                    [model.get_query_embedding("Wat doet de pijler aan het MKB?")])
    assert np.allclose(np.linalg.norm(vectors["onnx-int8"], axis=1), 1.0, atol=1e-3)
    assert (vectors["torch"] * vectors["onnx"]).sum(1).min() > 0.999
    assert (vectors["torch"] * vectors["onnx-int8"]).sum(1).min() > 0.93
