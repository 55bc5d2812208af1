"""Stage 4: the Gradio chat app (`g40 ui`). Public entries: ``serve(settings)``, ``build_app``."""

from __future__ import annotations

from collections.abc import Callable

from g40.settings import Settings


def serve(settings: Settings, log: Callable[[str], None] = print, block: bool = True) -> object:
    """Build the index when there is none, then serve the app on the configured host/port."""
    from assistant import Assistant
    from index import build_index, current_name, index_root
    from ui.app import build_app, launch_kwargs

    if current_name(index_root(settings.paths.data_dir)) is None:
        log("Nog geen index: de rapporten in corpus/ worden eerst geïndexeerd …")
        summary = build_index(settings, wait_s=600)
        log(f"Index klaar: {summary.reports} rapporten, {summary.chunks} passages, {summary.seconds:.0f} s.")
    bot = Assistant(settings)
    demo = build_app(settings, bot)
    demo.queue(default_concurrency_limit=settings.ui.concurrency, max_size=200)
    log(f"De assistent draait op http://{settings.ui.host}:{settings.ui.port}")
    return demo.launch(prevent_thread_lock=not block, **launch_kwargs(settings))  # type: ignore[arg-type]


__all__ = ["serve"]
