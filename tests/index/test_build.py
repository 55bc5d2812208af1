from pathlib import Path

import pytest
from filelock import FileLock

from config import Settings
from index import IndexBusyError, Retriever, build_index, current_name, index_root
from index.embed import HashEmbedding


class CountingEmbedding(HashEmbedding):
    embedded: list[str] = []

    def _get_text_embedding(self, text: str) -> list[float]:
        self.embedded.append(text)
        return super()._get_text_embedding(text)


def _count(settings: Settings, **kw: object) -> tuple[object, list[str]]:
    model = CountingEmbedding()
    model.embedded = []
    summary = build_index(settings, embed_model=model, **kw)  # type: ignore[arg-type]
    return summary, model.embedded


def test_incremental_add_change_delete(settings: Settings, corpus: Path) -> None:
    first, embedded = _count(settings)
    assert sorted(first.added) == ["jaarverslag-2030", "positionpaper-2031"]  # type: ignore[attr-defined]
    assert len(embedded) == first.chunks  # type: ignore[attr-defined]

    again, embedded = _count(settings)
    assert embedded == [] and not again.changed_anything  # type: ignore[attr-defined]

    (corpus / "notitie-2029.txt").write_text("Notitie 2029\n\nIn 2029 waren er 9 werkcentra.\n")
    added, embedded = _count(settings)
    assert added.added == ["notitie-2029"] and all("werkcentra" in t for t in embedded)  # type: ignore[attr-defined]

    p = corpus / "positionpaper-2031.txt"
    p.write_text(p.read_text() + "\nNieuw punt: 5 proeftuinen voor stadslogistiek.\n")
    changed, embedded = _count(settings)
    assert changed.changed == ["positionpaper-2031"]  # type: ignore[attr-defined]
    assert embedded and all("2031" in t for t in embedded)

    (corpus / "notitie-2029.txt").unlink()
    removed, embedded = _count(settings)
    assert removed.removed == ["notitie-2029"] and embedded == []  # type: ignore[attr-defined]
    retriever = Retriever(settings)
    assert "notitie-2029" not in retriever.reports()
    assert retriever.retrieve("proeftuinen stadslogistiek")[0].source == "positionpaper-2031"

    rebuilt, embedded = _count(settings, rebuild=True)
    assert len(embedded) == rebuilt.chunks  # type: ignore[attr-defined]


def test_bad_file_is_skipped_and_the_rest_indexed(settings: Settings, corpus: Path) -> None:
    (corpus / "kapot.pdf").write_bytes(b"%PDF-1.4 broken")
    summary = build_index(settings)
    assert summary.reports == 2 and any("kapot.pdf" in e for e in summary.errors)


def test_second_build_refuses_clearly_while_one_runs(settings: Settings) -> None:
    root = index_root(settings.paths.data_dir)
    root.mkdir(parents=True)
    with FileLock(str(root / ".lock")), pytest.raises(IndexBusyError, match="al een indexering"):
        build_index(settings)


def test_old_states_are_pruned_and_current_survives(settings: Settings, corpus: Path) -> None:
    for _ in range(4):
        build_index(settings, rebuild=True)
    states = list((index_root(settings.paths.data_dir) / "states").iterdir())
    assert len(states) == settings.index.keep_states
    assert current_name(index_root(settings.paths.data_dir)) in {s.name for s in states}
