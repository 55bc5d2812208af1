"""Understanding the question: from what was typed to what is searched and what the model answers.

The first step of every answer. ``read`` cleans the typed text (control characters, planted
instructions), tells its language and reads a Dutch typo as the reports' word; ``understand``
fills in what a follow-up means on its own (the model's rewrite, or the previous question as
plain context), what retrieval searches (an English question with its Dutch translation), and
whether the question is broad. The result is one ``Query``; every later step reads it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from assistant import prompts
from assistant.query import REFERRING, Query, clean_question, history_text
from assistant.spelling import Speller
from assistant.textmatch import content_tokens, language
from config import Settings

log = logging.getLogger(__name__)


class Understanding:
    """Reads a question and understands it in its conversation.

    ``complete`` runs one prompt through the chat model (in line with the other generations),
    ``speller`` knows the words of the indexed reports, ``is_broad`` tells a broad question
    (goals, activities, a summary) in a language from a narrow one.
    """

    def __init__(self, settings: Settings, complete: Callable[[str], str],
                 speller: Callable[[], Speller], is_broad: Callable[[str, str], bool]):
        self.settings = settings
        self._complete = complete
        self._speller = speller
        self._is_broad = is_broad

    def read(self, question: str) -> Query:
        """The question cleaned of control characters and planted instructions, its language,
        and a Dutch question's typos read as the reports' words."""
        text = clean_question(question)
        query = Query(question, text, language(text) if text else "nl")
        # The reports' words are Dutch: an English word they lack ("programme") is no typo.
        if text and query.lang == "nl" and self.settings.assistant.spelling:
            spelled = self._speller().correct(text)
            if spelled.fixes:
                log.info("spelling: %s", spelled.fixes)
                query = replace(query, text=spelled.text, corrections=spelled.fixes)
        return query

    def understand(self, query: Query, history: list[dict[str, str]]) -> Query:
        """Fill in what the question means on its own, what is searched, and whether it is broad.

        A rewrite of a follow-up is both the standalone question and what the model answers.
        Without one, retrieval gets ``glued`` (the previous question and the follow-up), but
        the model is asked the follow-up alone: given both, it answered the old question.
        """
        standalone = model = query.text
        if query.glued:
            standalone, model = query.glued, query.text
            rewrite = self.rewrite(query, history)
            if rewrite:
                standalone = model = rewrite
        search = standalone
        if query.lang == "en":
            # A small model's translation is rough: keep the English too (the embedder is
            # multilingual; names and numbers match either way).
            dutch = self._complete(prompts.TRANSLATE.format(question=standalone)).strip()
            search = f"{dutch.splitlines()[0] if dutch else ''} {standalone}".strip()
        broad = self._is_broad(model, query.lang)
        if not broad and model != standalone:
            # A follow-up kept apart from its context ("En in 2025?") asks what the question
            # before it asked: a broad question's follow-up is broad too (a typed ask in
            # either, "En wie ...?", keeps it narrow).
            broad = self._is_broad(standalone, query.lang)
        return replace(query, standalone=standalone, model=model, search=search, broad=broad)

    def rewrite(self, query: Query, history: list[dict[str, str]]) -> str:
        """The model's standalone version of a follow-up, or "" when it is not to be trusted."""
        if self.settings.assistant.condense == "concat":
            return ""
        users = [m for m in history if m.get("role") == "user" and m.get("content")]
        q = query.text
        text = self._complete(prompts.CONDENSE.format(
            language=prompts.LANGUAGE_NAME.get(query.lang, "Dutch"), history=history_text(history),
            question=q)).strip().split("\n")[0].strip()
        # A small model sometimes answers instead of rewriting; then fall back to plain context.
        # It also drops words ("Aan welke minister ...?" -> "Waar ...?"): the rewrite must keep
        # every content word of the follow-up, else use the plain context. Only a word that
        # points back ("dat stuk") may give way to what it points at ("het position paper").
        # And it may keep the words but lose the context ("Was er een ministerie bij
        # aanwezig?"): the rewrite must take at least one content word from the history.
        context = content_tokens(" ".join(m["content"] for m in users[-2:])) - content_tokens(q)
        kept = content_tokens(q) - REFERRING
        if not text or len(text) > 3 * len(q) + 200 or "?" not in text or \
                not kept <= content_tokens(text) or not context & content_tokens(text):
            return ""
        return text
