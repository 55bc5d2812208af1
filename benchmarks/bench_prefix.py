"""Restored prompt prefix vs computed one: the same dev questions answered twice by the real
embedded LLM, once with the fixed prompt prefix computed (no prefix cache), once with it restored
from disk before every question (as at start-up and after each answer). Counts the answers that
are the same word for word; the differing ones are printed to stderr."""

from __future__ import annotations

import sys

from benchmarks.common import emit, fresh_settings, questions


def main() -> None:
    from assistant import Assistant
    from assistant.answer_cache import AnswerCache
    from index import build_index

    limit = 5 if "--quick" in sys.argv else 40
    asked = [str(q["question"]) for q in questions(split="dev")][:limit]
    settings = fresh_settings()
    build_index(settings)
    bot = Assistant(settings)
    bot._cache = AnswerCache(0)  # every answer really generated
    settings.assistant.prefix_cache = False
    computed = []
    for q in asked:
        bot.wait_idle()
        computed.append(bot.ask(q).answer)
    settings.assistant.prefix_cache = True
    bot.wait_idle()
    bot.warm_llm()  # computes the prefix once and saves it
    restored = []
    for q in asked:
        bot.warm_llm()  # restores it from the file
        restored.append(bot.ask(q).answer)
    bot.wait_idle()
    same = sum(a == b for a, b in zip(computed, restored, strict=True))
    for q, a, b in zip(asked, computed, restored, strict=True):
        if a != b:
            print(f"DIFFERS: {q}\n  computed: {a}\n  restored: {b}", file=sys.stderr)
    emit([{"name": f"restored prefix: answers identical to computed ({len(asked)} dev questions)",
           "value": same, "unit": f"of {len(asked)}"}])


if __name__ == "__main__":
    main() if "--help" not in sys.argv else print(__doc__)
