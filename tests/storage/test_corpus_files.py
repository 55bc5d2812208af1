from pathlib import Path

import pytest

from storage import CorpusFiles, StorageError


def test_upload_names_are_sanitised(tmp_path: Path) -> None:
    files = CorpusFiles(tmp_path, tmp_path / "data")
    assert files.check_name("../../etc/passwd.txt") == "passwd.txt"
    assert files.check_name("C:\\temp\\Verslag café 2029.PDF") == "verslag-café-2029.pdf"
    with pytest.raises(StorageError, match="niet ondersteund"):
        files.check_name("script.sh")


@pytest.mark.parametrize("name", ["reports.txt", "Reports.md", "reports.toml", ".verborgen.txt",
                                  "reports.last-good.txt"])
def test_reserved_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(StorageError):
        CorpusFiles(tmp_path, tmp_path / "data").check_name(name)


def test_a_replaced_file_is_kept_until_commit_and_undo_puts_it_back(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "verslag.txt").write_text("oud", encoding="utf-8")
    upload = tmp_path / "verslag.md"
    upload.write_text("nieuw", encoding="utf-8")
    files = CorpusFiles(corpus, tmp_path / "data")
    change = files.put(files.stage(upload, "verslag.md"))
    assert files.reports() == {"verslag": corpus / "verslag.md"}
    files.undo(change)
    assert files.reports() == {"verslag": corpus / "verslag.txt"}
    assert (corpus / "verslag.txt").read_text(encoding="utf-8") == "oud"
    change = files.remove("verslag")
    assert files.reports() == {}
    files.commit(change)
    assert not any((tmp_path / "data" / "replaced").rglob("*.txt"))
