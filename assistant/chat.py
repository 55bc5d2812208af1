"""Chat with a language model over HTTP: OpenAI-compatible servers (embedded llama.cpp, vLLM,
LM Studio, ...) and Ollama's own API.

Why not llama-index's LLM classes or the ``openai`` package: importing them costs 2-3 s of the
~10 s a fresh `g40 ask` has for its first word, and the assistant needs two calls only (a whole
reply, and a streamed one). ``httpx`` speaks both protocols in a few lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

import httpx


@dataclass(frozen=True)
class ChatMessage:
    role: str  # "system", "user" or "assistant"
    content: str


Schema = dict[str, Any]


class ChatModel:
    """A chat model: ``chat`` returns the whole reply, ``stream_chat`` yields it in pieces. With
    ``schema`` (a JSON schema) the reply is constrained to JSON of that shape where the server
    can do it; callers still parse the reply defensively."""

    def chat(self, messages: list[ChatMessage], max_tokens: int | None = None,
             schema: Schema | None = None) -> str:
        return "".join(self.stream_chat(messages, max_tokens, schema))

    def stream_chat(self, messages: list[ChatMessage], max_tokens: int | None = None,
                    schema: Schema | None = None) -> Iterator[str]:
        raise NotImplementedError


class _HTTPChat(ChatModel):
    def __init__(self, base_url: str, model: str, temperature: float, max_tokens: int,
                 timeout_s: float, api_key: str = "") -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.timeout = httpx.Timeout(timeout_s, connect=min(10.0, timeout_s))

    def _lines(self, path: str, body: dict[str, Any]) -> Iterator[str]:
        """POST ``body`` and yield the non-empty lines of the streamed reply."""
        with httpx.stream("POST", self.base_url + path, json=body, headers=self.headers,
                          timeout=self.timeout) as response:
            if response.status_code != 200:
                response.read()
                raise httpx.HTTPStatusError(
                    f"{response.status_code}: {response.text[:300]}", request=response.request,
                    response=response)
            for line in response.iter_lines():
                if line.strip():
                    yield line


class OpenAIChat(_HTTPChat):
    """``POST {base_url}/chat/completions`` with ``stream: true`` (server-sent events). A schema
    goes as ``response_format`` (json_schema), which llama.cpp, vLLM and OpenAI turn into
    constrained decoding; a server that refuses the field is asked again without it, once."""

    schema_refused = False

    def stream_chat(self, messages: list[ChatMessage], max_tokens: int | None = None,
                    schema: Schema | None = None) -> Iterator[str]:
        body: dict[str, Any] = {
            "model": self.model, "stream": True, "temperature": self.temperature,
            "max_tokens": max_tokens or self.max_tokens,
            "messages": [{"role": m.role, "content": m.content} for m in messages]}
        if schema is not None and not self.schema_refused:
            body["response_format"] = {"type": "json_schema",
                                       "json_schema": {"name": "answer", "schema": schema}}
        lines = self._lines("/chat/completions", body)
        try:  # the status comes with the first line: a refused schema is known before any text
            first = next(lines, None)
        except httpx.HTTPStatusError as exc:
            if "response_format" not in body or exc.response.status_code not in (400, 422):
                raise
            self.schema_refused = True  # an older server: the reply is parsed leniently
            yield from self.stream_chat(messages, max_tokens, None)
            return
        yield from self._pieces(chain([first] if first is not None else [], lines))

    @staticmethod
    def _pieces(lines: Iterator[str]) -> Iterator[str]:
        for line in lines:
            if not line.startswith("data:"):
                continue
            data = line[len("data:"):].strip()
            if data == "[DONE]":
                return
            choices = json.loads(data).get("choices") or [{}]
            piece = (choices[0].get("delta") or {}).get("content")
            if piece:
                yield piece


class OllamaChat(_HTTPChat):
    """``POST {base_url}/api/chat``: Ollama's own API, which (unlike its OpenAI-compatible one)
    takes the context size, so long evidence is not cut off at Ollama's default."""

    def __init__(self, base_url: str, model: str, temperature: float, max_tokens: int,
                 timeout_s: float, context_window: int) -> None:
        super().__init__(base_url, model, temperature, max_tokens, timeout_s)
        self.context_window = context_window

    def stream_chat(self, messages: list[ChatMessage], max_tokens: int | None = None,
                    schema: Schema | None = None) -> Iterator[str]:
        body: dict[str, Any] = {
            "model": self.model, "stream": True,
            "options": {"temperature": self.temperature, "num_ctx": self.context_window,
                        "num_predict": max_tokens or self.max_tokens},
            "messages": [{"role": m.role, "content": m.content} for m in messages]}
        if schema is not None:  # Ollama's structured outputs
            body["format"] = schema
        for line in self._lines("/api/chat", body):
            reply = json.loads(line)
            if reply.get("error"):
                raise RuntimeError(str(reply["error"]))
            piece = (reply.get("message") or {}).get("content")
            if piece:
                yield piece
            if reply.get("done"):
                return
