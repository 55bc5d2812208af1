"""The Gradio app: chat with streaming answers, clickable citations, feedback, export, admin."""

from __future__ import annotations

import json
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from assistant import Assistant, Evidence, Final, Token
from config import Settings
from storage import FeedbackStore
from ui.admin import build_admin_tab
from ui.auth import LoginGuard
from ui.render import answer_html, citations_html, conversation_markdown, passages_html, source_html
from ui.security import SecurityHeaders

ALL_YEARS = "Alle jaren"
ALL_REPORTS = "Alle rapporten"
EXAMPLES = [
    "Hoeveel regio's doen in 2025 mee aan de regionale MKB-aanpak?",
    "Wat deed de pijler in 2024 aan ruimte voor werken?",
    "Wie is de voorzitter van de pijler Economie en Werk?",
    "Wat vraagt de G40 in het position paper over arbeidsmigratie?",
]
CSS = """
#evidence .evidence ol, #evidence .plain {padding-left:1.2em} .plain{list-style:none;padding-left:0!important}
.snippet{color:#444;font-size:.9em} .muted{color:#777} .source .meta{color:#555;font-size:.85em}
.source .context{line-height:1.5;max-height:420px;overflow:auto;border:1px solid #e5e7eb;padding:8px;border-radius:6px}
mark#cited-passage{background:#fde68a;padding:1px 0} a.cite{color:#1d4ed8;font-weight:600;text-decoration:none}
"""
# One delegated listener, bound once: a click on any [n] (in the chat or the source list)
# sends "<turn>-<n>" to the server, which renders that passage in its report context.
BRIDGE_JS = """
document.addEventListener('click', (e) => {
  const a = e.target.closest('a.cite');
  if (!a) return;
  e.preventDefault(); e.stopPropagation();
  trigger('click', {cite: a.id.slice(2)});
}, true);
"""


def _text(content: Any) -> str:
    """Gradio 6 hands chat content over as a list of parts; flatten it to plain text."""
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content or "")


def _history(turns: list[dict[str, Any]]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for t in turns[-3:]:
        out += [{"role": "user", "content": t["question"]},
                {"role": "assistant", "content": t["answer"]}]
    return out


def build_app(settings: Settings, bot: Assistant) -> gr.Blocks:
    """The Blocks app; ``serve`` launches it."""
    feedback = FeedbackStore(settings.paths.data_dir)
    reports = bot.reports()
    years = [ALL_YEARS] + [str(y) for y in sorted({int(str(r.get("year", 0))) for r in reports.values()})]
    report_choices = [ALL_REPORTS] + sorted(reports)

    def respond(message: str, chat: list[dict[str, Any]], turns: list[dict[str, Any]],
                year: str, report: str) -> Iterator[tuple[Any, ...]]:
        message = (message or "").strip()
        if not message:
            yield chat, gr.update(), gr.update(), turns, ""
            return
        chat = list(chat or []) + [{"role": "user", "content": message},
                                   {"role": "assistant", "content": "…"}]
        yield chat, "<p class='muted'>Passages zoeken…</p>", "", turns, ""
        years_f = {int(year)} if year and year != ALL_YEARS else None
        sources_f = {report} if report and report != ALL_REPORTS else None
        partial = ""
        for event in bot.stream(message, _history(turns), years=years_f, sources=sources_f):
            if isinstance(event, Evidence):
                shown = [p.to_dict() for p in event.passages]
                yield chat, passages_html(shown, "Gevonden passages"), "", turns, ""
            elif isinstance(event, Token):
                partial += event.text
                chat[-1] = {"role": "assistant", "content": partial}
                yield chat, gr.update(), gr.update(), turns, ""
            elif isinstance(event, Final):
                a = event.answer
                turn = len(turns)
                cites = [c.to_dict() for c in a.citations]
                turns = turns + [{"question": message, "answer": a.answer, "answered": a.answered,
                                  "citations": cites, "standalone": a.standalone_question}]
                chat[-1] = {"role": "assistant", "content": answer_html(turn, a.answer, a.answered)}
                yield chat, citations_html(turn, cites), "", turns, ""

    def show_source(evt: gr.EventData, turns: list[dict[str, Any]]) -> str:
        try:
            turn, n = (int(x) for x in str(evt.cite).split("-"))
            citation = turns[turn]["citations"][n - 1]
        except (AttributeError, ValueError, IndexError, KeyError):
            return "<p class='muted'>Bron niet gevonden.</p>"
        before, passage, after = bot.context(citation["source"], citation["start"], citation["end"])
        return source_html(citation, before, passage, after)

    def on_like(data: gr.LikeData, turns: list[dict[str, Any]]) -> None:
        index = data.index if isinstance(data.index, int) else data.index[0]
        turn = index // 2
        if 0 <= turn < len(turns):
            t = turns[turn]
            feedback.add(1 if data.liked is True else -1, t["question"], t["answer"], t["answered"],
                         t["citations"], settings.public_dict())

    def save_comment(comment: str, turns: list[dict[str, Any]]) -> tuple[str, str]:
        if not turns or not comment.strip():
            return comment, "Stel eerst een vraag en schrijf een opmerking."
        t = turns[-1]
        feedback.add(0, t["question"], t["answer"], t["answered"], t["citations"],
                     settings.public_dict(), comment=comment.strip())
        return "", "Opmerking opgeslagen. Dank je wel!"

    def export(turns: list[dict[str, Any]]) -> Any:
        if not turns:
            return gr.update(value=None)
        path = Path(tempfile.gettempdir()) / f"g40-gesprek-{uuid.uuid4().hex[:8]}.md"
        path.write_text(conversation_markdown(turns), encoding="utf-8")
        return gr.update(value=str(path))

    def api_ask(question: str, history_json: str = "[]") -> dict[str, Any]:
        """Ask a question; returns the `g40 ask --json` object (answer, citations, passages)."""
        try:
            history = json.loads(history_json or "[]")
        except json.JSONDecodeError:
            history = []
        return bot.ask(question, history).to_dict()

    with gr.Blocks(title="G40 Economie & Werk assistent") as demo:
        gr.Markdown("## G40 Economie & Werk assistent\nVragen over de jaarverslagen, het position "
                    "paper en de netwerkdagen van de pijler Economie en Werk. Elk antwoord noemt "
                    "zijn bronnen [n]; klik op een nummer om de passage te lezen.")
        turns_state = gr.State([])
        with gr.Tab("Chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    chat = gr.Chatbot(elem_id="chat", height=460, label="Gesprek",
                                      placeholder="**Stel een vraag**, bijvoorbeeld over de MKB-aanpak, "
                                                  "ruimte voor werken of de Participatiewet.")
                    with gr.Row():
                        box = gr.Textbox(placeholder="Typ je vraag…", show_label=False, scale=5,
                                         elem_id="question", max_length=10000)
                        send = gr.Button("Vraag", variant="primary", scale=1, elem_id="send")
                    gr.Examples(EXAMPLES, inputs=box, label="Voorbeeldvragen")
                    with gr.Row():
                        year = gr.Dropdown(years, value=ALL_YEARS, label="Jaar", scale=1)
                        report = gr.Dropdown(report_choices, value=ALL_REPORTS, label="Rapport", scale=2)
                    with gr.Row():
                        clear = gr.Button("Nieuw gesprek", size="sm")
                        download = gr.DownloadButton("Exporteer gesprek (Markdown)", size="sm",
                                                     elem_id="export")
                    with gr.Accordion("Opmerking bij het laatste antwoord", open=False):
                        comment = gr.Textbox(show_label=False, placeholder="Wat klopt er niet, wat mist er?")
                        comment_btn = gr.Button("Opmerking opslaan", size="sm")
                        comment_msg = gr.Markdown()
                with gr.Column(scale=2):
                    evidence = gr.HTML("<p class='muted'>Hier verschijnen de passages.</p>",
                                       elem_id="evidence", label="Passages")
                    source = gr.HTML("", elem_id="source")
            bridge = gr.HTML("", visible="hidden", js_on_load=BRIDGE_JS, elem_id="cite-bridge")
        build_admin_tab(settings, bot, LoginGuard(settings.ui))

        inputs = [box, chat, turns_state, year, report]
        outputs = [chat, evidence, source, turns_state, box]
        # The streaming chat endpoint is public as /chat (evidence first, then tokens).
        box.submit(respond, inputs, outputs, api_name="chat").then(
            export, turns_state, download, api_visibility="private")
        send.click(respond, inputs, outputs, api_visibility="private").then(
            export, turns_state, download, api_visibility="private")
        bridge.click(show_source, [turns_state], source, api_visibility="private")
        chat.like(on_like, [turns_state], None, api_visibility="private")
        comment_btn.click(save_comment, [comment, turns_state], [comment, comment_msg],
                          api_visibility="private")
        clear.click(lambda: ([], [], "", "<p class='muted'>Hier verschijnen de passages.</p>"),
                    None, [chat, turns_state, source, evidence], api_visibility="private")
        gr.api(api_ask, api_name="vraag")
    return demo


def launch_kwargs(settings: Settings) -> dict[str, Any]:
    return {"server_name": settings.ui.host, "server_port": settings.ui.port, "css": CSS,
            "theme": gr.themes.Soft(), "footer_links": ["api"], "show_error": False,
            # Gradio itself refuses larger uploads, before any of our code reads them.
            "max_file_size": f"{int(settings.ingest.max_file_mb * 1024)}kb",
            "app_kwargs": {"middleware": [Middleware(SecurityHeaders)]}}
