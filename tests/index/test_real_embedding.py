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


@pytest.mark.slow
def test_sentencepiece_gives_the_ids_of_the_models_tokenizer_json(real_models: Path) -> None:
    """The fast-loading SentencePiece vocabulary tokenizes the corpus as tokenizer.json does."""
    from tokenizers import Tokenizer

    from config import embed_model_path
    from index.onnx_embed import token_ids

    folder = embed_model_path(real_models)
    reference = Tokenizer.from_file(str(folder / "tokenizer.json"))
    reference.no_padding()
    texts = ["task: search result | query: Hoeveel regio's doen mee aan de MKB-aanpak?",
             "  dubbele  spaties\n\nen regels\t tab", "emoji 😀 — ‘quotes’ €5,- 1.000.000", "é ë ĳ", ""]
    for path in sorted((PROJECT_ROOT / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts += [text[i : i + 900] for i in range(0, len(text), 450)]
    assert token_ids(folder)(texts) == [e.ids for e in reference.encode_batch(texts)]
