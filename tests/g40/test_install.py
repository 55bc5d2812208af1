"""`g40 setup` on a disk without room: a clear Dutch message before any download."""

import shutil
from collections import namedtuple
from pathlib import Path

import pytest

from g40.install import InstallError, ensure_embedding_model, ensure_llm_model

Usage = namedtuple("Usage", "total used free")


@pytest.mark.parametrize("ensure", [ensure_embedding_model, ensure_llm_model])
def test_a_full_disk_stops_setup_with_a_dutch_message(ensure, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "disk_usage", lambda _: Usage(10**12, 10**12 - 10**8, 10**8))
    with pytest.raises(InstallError, match="te weinig schijfruimte.*0.1 GB vrij"):
        ensure(tmp_path / "models")
    assert not any((tmp_path / "models").rglob("*.whl"))  # nothing fetched
