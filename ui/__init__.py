"""Stage 4: the Gradio chat app (`g40 ui`). Public entries: ``serve(settings)``, ``build_app``."""

from __future__ import annotations

import atexit
import signal
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from config import Settings
from storage import announce, withdraw

if TYPE_CHECKING:
    import gradio as gr

    from assistant import Assistant


def serve(settings: Settings, log: Callable[[str], None] = print, block: bool = True) -> gr.Blocks:
    """Build the index when there is none, then serve the app on the configured host/port; with
    block=False return the running app at once (its caller closes it)."""
    from assistant import Assistant
    from index import build_index, current_name, index_root
    from ui.app import build_app, launch_kwargs

    if current_name(index_root(settings.paths.data_dir)) is None:
        log("Nog geen index: de rapporten in corpus/ worden eerst geïndexeerd …")
        summary = build_index(settings, wait_s=600)
        log(f"Index klaar: {summary.reports} rapporten, {summary.chunks} passages, {summary.seconds:.0f} s.")
    bot = Assistant(settings)
    # Warm the models in the background: the app is up at once, the first answer is fast.
    threading.Thread(target=_warm_up, args=(bot, log), daemon=True).start()
    demo = build_app(settings, bot)
    demo.queue(default_concurrency_limit=settings.ui.concurrency, max_size=200)
    log(f"De assistent draait op http://{settings.ui.host}:{settings.ui.port}")
    # `g40 ask` and `g40 retrieve` on this data dir find the warm models through this file.
    announce(settings.paths.data_dir, settings.ui.host, settings.ui.port)
    atexit.register(withdraw, settings.paths.data_dir)
    if block and threading.current_thread() is threading.main_thread():
        # `kill` (SIGTERM) stops the app like Ctrl+C: Gradio closes the server, the
        # announcement is withdrawn and the LLM process ends with this one.
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        demo.launch(prevent_thread_lock=not block, **launch_kwargs(settings))  # type: ignore[arg-type]
    except BaseException:  # the port is taken, or the launch failed otherwise
        withdraw(settings.paths.data_dir)
        raise
    if block:  # the server has stopped
        withdraw(settings.paths.data_dir)
    return demo


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _warm_up(bot: Assistant, log: Callable[[str], None]) -> None:
    try:
        bot.warm_up()
    except Exception as exc:  # the app still works; the first question then loads the models
        log(f"Opwarmen mislukt: {exc}")
    try:  # report cards of new reports, made now so that opening one is instant
        made = bot.cards.build_missing()
        if made:
            log(f"Rapportkaarten gemaakt: {made}.")
    except Exception as exc:  # a card is then made when it is first opened
        log(f"Rapportkaarten maken mislukt: {exc}")


__all__ = ["serve"]
