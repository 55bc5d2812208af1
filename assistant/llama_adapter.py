"""Any of the assistant's chat models as a llama-index LLM, for pipelines built on llama-index
(the evals' naive baseline). Imported only by ``llm.llama_index_llm``: llama-index is slow to
import and the assistant itself does not need it."""

from __future__ import annotations

from typing import Any

from llama_index.core.base.llms.types import (
    ChatMessage as LlamaMessage,
)
from llama_index.core.base.llms.types import (
    ChatResponse,
    ChatResponseGen,
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
)
from llama_index.core.llms import CustomLLM
from pydantic import PrivateAttr

from assistant.chat import ChatMessage, ChatModel


class LlamaIndexChat(CustomLLM):
    """Chat turns go to the model as they are; a plain prompt as one user turn."""

    context_window: int = 4096
    num_output: int = 512
    _model: ChatModel = PrivateAttr()

    def __init__(self, model: ChatModel, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._model = model

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(context_window=self.context_window, num_output=self.num_output,
                           is_chat_model=True, model_name=type(self._model).__name__)

    @staticmethod
    def _turns(messages: Any) -> list[ChatMessage]:
        return [ChatMessage(role=str(getattr(m.role, "value", m.role)), content=str(m.content or ""))
                for m in messages]

    def _deltas(self, turns: list[ChatMessage]) -> ChatResponseGen:
        text = ""
        for piece in self._model.stream_chat(turns):
            text += piece
            yield ChatResponse(message=LlamaMessage(role="assistant", content=text), delta=piece)

    def stream_chat(self, messages: Any, **kwargs: Any) -> ChatResponseGen:
        return self._deltas(self._turns(messages))

    def chat(self, messages: Any, **kwargs: Any) -> ChatResponse:
        text = self._model.chat(self._turns(messages))
        return ChatResponse(message=LlamaMessage(role="assistant", content=text))

    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        return (CompletionResponse(text=r.message.content or "", delta=r.delta)
                for r in self._deltas([ChatMessage(role="user", content=prompt)]))

    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return CompletionResponse(text=self._model.chat([ChatMessage(role="user", content=prompt)]))
