"""Adding, replacing, editing and removing reports through index.Library (fake embedder)."""

from pathlib import Path

import pytest

from config import Settings
from index import Library, LibraryError, Retriever, build_index
from index.embed import HashEmbedding
from storage import METADATA_FILE, read_metadata


class FailingEmbedding(HashEmbedding):
    """Embeds nothing: every build that has new text to embed fails."""

    def _get_text_embedding(self, text: str) -> list[float]:
        raise RuntimeError("embedder weg")


class CountingEmbedding(HashEmbedding):
    embedded: list[str] = []

    def _get_text_embedding(self, text: str) -> list[float]:
        self.embedded.append(text)
        return super()._get_text_embedding(text)


def _upload(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "uploads" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_add_writes_valid_metadata_and_indexes(settings: Settings, tmp_path: Path) -> None:
    build_index(settings)
    up = _upload(tmp_path, "Notitie werkcentra 2029.txt", "Notitie 2029\n\nIn 2029 openden 11 werkcentra.\n")
    done = Library(settings).add(up, up.name, title='Notitie "werkcentra"', year=2029, kind="rapport")
    assert "toegevoegd" in done.message and done.summary.added == ["notitie-werkcentra-2029"]
    assert read_metadata(settings.paths.corpus_dir)["notitie-werkcentra-2029"].title == 'Notitie "werkcentra"'
    assert Retriever(settings).retrieve("werkcentra 2029")[0].source == "notitie-werkcentra-2029"


def test_the_metadata_file_cannot_be_replaced_by_an_upload(settings: Settings, tmp_path: Path) -> None:
    build_index(settings)
    toml = settings.paths.corpus_dir / METADATA_FILE
    before = toml.read_bytes()
    up = _upload(tmp_path, "reports.txt", "Een rapport dat reports heet, met genoeg tekst erin.\n")
    with pytest.raises(LibraryError, match="gereserveerd"):
        Library(settings).add(up, up.name, replace=True)
    assert toml.read_bytes() == before
    assert Retriever(settings).reports()["positionpaper-2031"]["title"] == "Position paper 2031"


def test_a_title_that_breaks_toml_is_refused_and_nothing_changes(settings: Settings, tmp_path: Path) -> None:
    build_index(settings)
    toml = settings.paths.corpus_dir / METADATA_FILE
    before = toml.read_bytes()
    files_before = sorted(p.name for p in settings.paths.corpus_dir.iterdir())
    up = _upload(tmp_path, "nieuw.txt", "Nieuw rapport\n\nIn 2029 gebeurde er veel in de regio.\n")
    with pytest.raises(LibraryError, match="regeleinden"):
        Library(settings).add(up, up.name, title='Titel"\n[jaarverslag-2030]\ntitle = "GEKAAPT',
                              year=2029, kind="rapport")
    with pytest.raises(LibraryError, match="regeleinden"):
        Library(settings).edit("jaarverslag-2030", 'x"\n[y]', 2030, "jaarverslag")
    assert toml.read_bytes() == before
    assert sorted(p.name for p in settings.paths.corpus_dir.iterdir()) == files_before


def test_a_replace_whose_build_fails_leaves_the_old_report_answering(settings: Settings,
                                                                     tmp_path: Path) -> None:
    build_index(settings)
    old_text = (settings.paths.corpus_dir / "positionpaper-2031.txt").read_text(encoding="utf-8")
    up = _upload(tmp_path, "positionpaper-2031.txt", "Position paper 2031\n\nAlles is anders: 77 robots.\n")
    with pytest.raises(LibraryError, match="teruggezet"):
        Library(settings, embed_model=FailingEmbedding()).add(up, up.name, replace=True)
    assert (settings.paths.corpus_dir / "positionpaper-2031.txt").read_text(encoding="utf-8") == old_text
    assert Retriever(settings).reports()["positionpaper-2031"]["title"] == "Position paper 2031"
    hit = Retriever(settings).retrieve("position paper 2031")[0]
    assert hit.source == "positionpaper-2031" and "77 robots" not in hit.text
    assert not any((settings.paths.data_dir / "incoming").rglob("*.txt"))


def test_replace_then_the_old_file_is_gone(settings: Settings, tmp_path: Path) -> None:
    build_index(settings)
    up = _upload(tmp_path, "positionpaper-2031.md", "Position paper 2031\n\nNieuw: 77 robots in de haven.\n")
    with pytest.raises(LibraryError, match="bestaat al"):
        Library(settings).add(up, up.name)
    done = Library(settings).add(up, up.name, replace=True)
    assert "vervangen" in done.message and done.summary.changed == ["positionpaper-2031"]
    assert not (settings.paths.corpus_dir / "positionpaper-2031.txt").exists()
    assert not any((settings.paths.data_dir / "replaced").rglob("*.txt"))
    assert "77 robots" in Retriever(settings).retrieve("robots haven")[0].text


def test_edit_changes_metadata_and_index_without_embedding(settings: Settings) -> None:
    build_index(settings)
    model = CountingEmbedding()
    model.embedded = []
    done = Library(settings, embed_model=model).edit("positionpaper-2031", "Position paper Sterke steden",
                                                     2031, "position paper")
    assert done.summary.relabelled == ["positionpaper-2031"] and done.summary.embedded_chunks == 0
    assert model.embedded == []
    assert Retriever(settings).reports()["positionpaper-2031"]["title"] == "Position paper Sterke steden"
    hit = Retriever(settings).retrieve("position paper 2031", sources={"positionpaper-2031"})[0]
    assert hit.title == "Position paper Sterke steden"


def test_remove_and_unknown_report(settings: Settings) -> None:
    build_index(settings)
    done = Library(settings).remove("positionpaper-2031")
    assert done.summary.removed == ["positionpaper-2031"]
    assert "positionpaper-2031" not in read_metadata(settings.paths.corpus_dir)
    with pytest.raises(LibraryError, match="geen rapport"):
        Library(settings).remove("positionpaper-2031")


def test_a_hand_broken_metadata_file_gives_a_dutch_message_and_keeps_the_index(settings: Settings) -> None:
    build_index(settings)
    toml = settings.paths.corpus_dir / METADATA_FILE
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[kapot\n", encoding="utf-8")
    with pytest.raises(LibraryError, match="regel"):
        Library(settings).update()
    assert "jaarverslag-2030" in Retriever(settings).reports()
