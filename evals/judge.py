"""An LLM judge for claim support (`g40 eval --judge openai|ollama`).

When a stronger model than the assistant's runs on a server, it can decide whether a passage
says what a claim says. It replaces only the similarity step of the grader: names and
numbers are still checked exactly first (a model overlooks a swapped number more easily than
string matching does). The judge talks to the server directly over HTTP, so the grader
shares no code with the assistant's LLM layer.
"""

from __future__ import annotations

import re

import httpx

PROMPT = (
    "You check a claim against a passage from a Dutch report. Answer YES if the passage states "
    "what the claim says (paraphrase and translation are fine), NO if the passage does not "
    "state it or states something else. Reply with YES or NO only.\n\n"
    "Passage: {unit}\n\nClaim: {claim}\n\nAnswer:"
)


class JudgeError(RuntimeError):
    """The judge's server did not answer usefully."""


class LLMJudge:
    """``judge(claim, unit) -> bool`` against an OpenAI-compatible or Ollama server."""

    def __init__(self, backend: str, base_url: str, model: str, api_key: str = "",
                 timeout_s: float = 60.0, client: httpx.Client | None = None):
        if backend not in ("openai", "ollama"):
            raise ValueError(f"onbekende judge-backend '{backend}' (openai of ollama)")
        if not base_url:
            raise ValueError("een judge heeft een server nodig: zet G40_LLM_BASE_URL")
        self.backend, self.model = backend, model
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.client = client or httpx.Client(base_url=base_url.rstrip("/"), headers=headers,
                                             timeout=timeout_s)
        self._cache: dict[tuple[str, str], bool] = {}

    def __call__(self, claim: str, unit: str) -> bool:
        key = (claim, unit)
        if key not in self._cache:
            self._cache[key] = self._ask(PROMPT.format(claim=claim, unit=unit))
        return self._cache[key]

    def _ask(self, prompt: str) -> bool:
        messages = [{"role": "user", "content": prompt}]
        try:
            if self.backend == "openai":
                resp = self.client.post("/v1/chat/completions", json={
                    "model": self.model, "messages": messages, "temperature": 0, "max_tokens": 3})
                resp.raise_for_status()
                text = resp.json()["choices"][0]["message"]["content"]
            else:
                resp = self.client.post("/api/chat", json={
                    "model": self.model, "messages": messages, "stream": False,
                    "options": {"temperature": 0}})
                resp.raise_for_status()
                text = resp.json()["message"]["content"]
        except (httpx.HTTPError, KeyError, IndexError, ValueError) as exc:
            raise JudgeError(f"de judge gaf geen bruikbaar antwoord: {exc}") from exc
        verdict = re.match(r"\W*(yes|no|ja|nee)\b", str(text), re.I)
        if verdict is None:
            raise JudgeError(f"de judge antwoordde niet met YES of NO: {text!r}")
        return verdict.group(1).lower() in ("yes", "ja")
