"""A fake LLM for fast tests: replays canned answers and records every prompt it gets."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from assistant.chat import ChatMessage, ChatModel, Schema


def as_prompt(messages: list[ChatMessage]) -> str:
    """The conversation as one text, ``role: content`` per turn (llama-index's layout)."""
    return "\n".join([f"{m.role}: {m.content}" for m in messages] + ["assistant: "])


class FakeLLM(ChatModel):
    """Answers with the first canned answer whose key occurs in the prompt's question.

    Without a matching key it behaves like a careful extractive model: it repeats the best
    matching sentence of the last passage (the pipeline puts the best one last) with its
    citation, and for a condense prompt it glues the last user
    turn to the follow-up. ``prompts`` records every prompt, for assertions.
    """

    def __init__(self, answers: dict[str, str] | None = None) -> None:
        self.answers = dict(answers or {})
        self.prompts: list[str] = []
        self.schemas: list[Schema | None] = []

    @classmethod
    def from_file(cls, path: Path) -> FakeLLM:
        return cls(answers=json.loads(Path(path).read_text(encoding="utf-8")))

    def _reply(self, prompt: str) -> str:
        self.prompts.append(prompt)
        question = prompt.rsplit("Question:", 1)[-1]
        for key, answer in self.answers.items():
            if key.lower() in question.lower():
                return answer
        if "Standalone question:" in prompt:
            follow = re.search(r"Follow-up question: (.*)\n", prompt)
            users = re.findall(r"^user: (.*)$", prompt, re.M)
            return f"{users[-1] if users else ''} {follow.group(1) if follow else ''}".strip()
        if prompt.rstrip().endswith("Dutch:"):
            return question.split("\n")[0].strip()
        last = prompt.rsplit("Passages:", 1)[-1]  # the system prompt holds an example block
        numbered = re.findall(r"^\[(\d+)\] \([^)]*\) (.+)$", last, re.M)
        if not numbered:
            return "NIET_GEVONDEN"
        n, text = numbered[-1]
        # Like a real model, it answers the last sentence of the question (a second ask comes
        # after the first answer).
        asked = re.split(r"(?<=[.!?])\s+", question.strip().split("\n")[0])[-1]
        words = set(re.findall(r"\w+", asked.lower()))
        sentences = re.split(r"(?<=[.!?])\s+", text.strip())
        best = max(sentences, key=lambda s: len(words & set(re.findall(r"\w+", s.lower()))))
        return f"{best.rstrip('.!?')} [{n}]."

    def stream_chat(self, messages: list[ChatMessage], max_tokens: int | None = None,
                    schema: Schema | None = None) -> Iterator[str]:
        self.schemas.append(schema)
        yield from re.findall(r"\S+\s*", self._reply(as_prompt(messages)))
