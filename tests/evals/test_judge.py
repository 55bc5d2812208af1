"""The LLM judge against recorded server replies (httpx's MockTransport)."""

import json

import httpx
import pytest

from evals.judge import JudgeError, LLMJudge


def recording(reply: dict, seen: list[dict]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append({"path": request.url.path, "body": json.loads(request.content)})
        return httpx.Response(200, json=reply)
    return httpx.Client(base_url="http://judge", transport=httpx.MockTransport(handler))


def test_openai_judge_sends_the_claim_and_passage_and_reads_yes_no() -> None:
    seen: list[dict] = []
    client = recording({"choices": [{"message": {"content": "YES."}}]}, seen)
    judge = LLMJudge("openai", "http://judge", "big-model", client=client)
    assert judge("Er zijn 12 pilots", "Er komen 12 pilots.") is True
    assert judge("Er zijn 12 pilots", "Er komen 12 pilots.") is True  # cached: one request
    assert len(seen) == 1 and seen[0]["path"] == "/v1/chat/completions"
    body = seen[0]["body"]
    assert body["model"] == "big-model" and body["temperature"] == 0
    assert "Er komen 12 pilots." in body["messages"][0]["content"]


def test_ollama_judge_and_a_no() -> None:
    seen: list[dict] = []
    judge = LLMJudge("ollama", "http://judge", "m", client=recording({"message": {"content": "No"}}, seen))
    assert judge("a", "b") is False and seen[0]["path"] == "/api/chat"


def test_an_unusable_reply_or_setup_is_an_error_in_dutch() -> None:
    judge = LLMJudge("openai", "http://judge", "m",
                     client=recording({"choices": [{"message": {"content": "Misschien"}}]}, []))
    with pytest.raises(JudgeError, match="YES of NO"):
        judge("a", "b")
    with pytest.raises(ValueError, match="G40_LLM_BASE_URL"):
        LLMJudge("openai", "", "m")
    with pytest.raises(ValueError, match="onbekende"):
        LLMJudge("claude", "http://x", "m")
