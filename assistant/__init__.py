"""Stage 3: answer a question with verified citations.

Public entry: ``Assistant(settings).stream(question, history)`` (events) or ``.ask(...)``.

The names are loaded on first use, so a cold `g40 ask` can start the models (``start_llm``)
before anything else is imported. llama-index is imported only for ``llama_index_llm``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.chat import ChatMessage, ChatModel
    from assistant.llm import LLMUnavailableError, get_llm, llama_index_llm, start_llm
    from assistant.pipeline import Assistant
    from assistant.query import clean_question
    from assistant.types import Answer, Citation, Event, Evidence, Final, Token, Waiting

_WHERE = {
    "ChatMessage": "assistant.chat", "ChatModel": "assistant.chat",
    "LLMUnavailableError": "assistant.llm", "get_llm": "assistant.llm", "start_llm": "assistant.llm",
    "llama_index_llm": "assistant.llm",
    "Assistant": "assistant.pipeline", "clean_question": "assistant.query",
    **{name: "assistant.types" for name in
       ("Answer", "Citation", "Event", "Evidence", "Final", "Token", "Waiting")},
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)


__all__ = [
    "Answer", "Assistant", "ChatMessage", "ChatModel", "Citation", "Event", "Evidence", "Final",
    "LLMUnavailableError", "Token", "Waiting", "clean_question", "get_llm", "llama_index_llm",
    "start_llm",
]
