"""A fake LLM for fast tests: replays canned answers and records every prompt it gets."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from llama_index.core.base.llms.types import (
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
)
from llama_index.core.llms import CustomLLM
from pydantic import Field


class FakeLLM(CustomLLM):
    """Answers with the first canned answer whose key occurs in the prompt's question.

    Without a matching key it behaves like a careful extractive model: it repeats the best
    matching sentence of the last passage (the pipeline puts the best one last) with its
    citation, and for a condense prompt it glues the last user
    turn to the follow-up. ``prompts`` records every prompt, for assertions.
    """

    answers: dict[str, str] = Field(default_factory=dict)
    prompts: list[str] = Field(default_factory=list)

    @classmethod
    def from_file(cls, path: Path) -> FakeLLM:
        return cls(answers=json.loads(Path(path).read_text(encoding="utf-8")))

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(context_window=8192, num_output=256, model_name="fake")

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

    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return CompletionResponse(text=self._reply(prompt))

    def stream_complete(self, prompt: str, formatted: bool = False,
                        **kwargs: Any) -> CompletionResponseGen:
        text = self._reply(prompt)
        pieces = re.findall(r"\S+\s*", text)

        def gen() -> CompletionResponseGen:
            acc = ""
            for piece in pieces:
                acc += piece
                yield CompletionResponse(text=acc, delta=piece)

        return gen()
