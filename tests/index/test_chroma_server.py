"""Client/server mode against a real `chroma run` server on loopback."""

import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from config import Settings
from index import Retriever, build_index
from tests.conftest import free_port


def _start(path: Path, port: int) -> subprocess.Popen[bytes]:
    exe = shutil.which("chroma") or str(Path(__import__("sys").executable).parent / "chroma")
    proc = subprocess.Popen([exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    pytest.fail("chroma run did not start")


def test_index_query_restart_against_chroma_server(env: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    monkeypatch.setenv("G40_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("G40_CHROMA_PORT", str(port))
    server = _start(tmp_path / "chroma-server", port)
    try:
        settings = Settings()
        summary = build_index(settings)
        assert summary.embedded_chunks > 0
        assert not list((env / "index" / "states").glob("*/chroma"))  # vectors live on the server
        hits = Retriever(settings).retrieve("Wie sprak over innovatie in het MKB?")
        assert hits[0].source == "jaarverslag-2030"
        server.terminate()
        server.wait(timeout=20)
        server = _start(tmp_path / "chroma-server", port)
        hits = Retriever(settings).retrieve("Hoeveel pilots financieringsconstructies?")
        assert hits[0].source == "jaarverslag-2030" and "14 pilots" in hits[0].text
        assert build_index(settings, rebuild=True).embedded_chunks == summary.chunks
        assert Retriever(settings).retrieve("arbeidsmigranten huisvesting")[0].source == "positionpaper-2031"
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_unreachable_chroma_server_names_the_setting(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from index import ChromaUnavailableError

    monkeypatch.setenv("G40_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("G40_CHROMA_PORT", str(free_port()))
    with pytest.raises(ChromaUnavailableError, match="G40_CHROMA_HOST"):
        build_index(Settings())
