"""kill -9 in the middle of a rebuild or an update leaves the previous index answering."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from config import Settings
from index import Retriever, build_index, current_name, index_root

SLOW_BUILD = """
import time, sys
from index.embed import HashEmbedding
from index import build_index
from config import Settings

class Slow(HashEmbedding):
    def _get_text_embedding(self, text):
        time.sleep(1.5)
        return super()._get_text_embedding(text)

print("started", flush=True)
build_index(Settings(), rebuild=sys.argv[1] == "rebuild", embed_model=Slow(embed_batch_size=1))
print("finished", flush=True)
"""


@pytest.mark.parametrize("mode", ["rebuild", "update"])
def test_kill_9_mid_build_keeps_previous_index(settings: Settings, corpus: Path, mode: str) -> None:
    build_index(settings)
    root = index_root(settings.paths.data_dir)
    before = current_name(root)
    if mode == "update":
        (corpus / "nieuw-2029.txt").write_text(
            "Nieuw 2029\n\n" + " ".join(f"Zin nummer {i} over werkcentra." for i in range(60)))
    proc = subprocess.Popen([sys.executable, "-c", SLOW_BUILD, mode], stdout=subprocess.PIPE,
                            env=os.environ.copy(), text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "started"
    time.sleep(2.0)  # well inside the embedding phase
    # Queries keep working while the build runs.
    assert Retriever(settings).retrieve("pilots financieringsconstructies")[0].source == "jaarverslag-2030"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert current_name(root) == before
    hits = Retriever(settings).retrieve("Hoeveel pilots voor financieringsconstructies?")
    assert hits and hits[0].source == "jaarverslag-2030" and "14 pilots" in hits[0].text
    # The next run completes the work (and clears the debris of the killed one).
    summary = build_index(settings, rebuild=(mode == "rebuild"))
    assert current_name(root) != before
    assert summary.reports == (3 if mode == "update" else 2)
    assert len(list((root / "states").iterdir())) <= settings.index.keep_states
