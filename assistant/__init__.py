"""Stage 3: answer a question with verified citations.

Public entry: ``Assistant(settings).stream(question, history)`` (events) or ``.ask(...)``.
"""

from assistant.llm import LLMUnavailableError, get_llm
from assistant.pipeline import Assistant, clean_question
from assistant.types import Answer, Citation, Event, Evidence, Final, Token, Waiting

__all__ = [
    "Answer", "Assistant", "Citation", "Event", "Evidence", "Final", "LLMUnavailableError",
    "Token", "Waiting", "clean_question", "get_llm",
]
