import json
from pathlib import Path

from storage import FeedbackStore


def test_feedback_roundtrip_and_export(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path)
    store.add(1, "Vraag?", "Antwoord [1].", True, [{"n": 1, "source": "r"}], {"llm": "fake"})
    store.add(-1, "Vraag 2?", "Dat staat niet in de verslagen.", False, [], {}, comment="mist iets")
    rows = json.loads(store.export("json"))
    assert [r["rating"] for r in rows] == [1, -1] and rows[1]["comment"] == "mist iets"
    assert rows[0]["citations"][0]["source"] == "r"
    assert store.export("csv").splitlines()[0].startswith("id,created,rating")
