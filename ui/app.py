"""The Gradio app: chat with streaming answers, clickable citations, feedback, export, admin."""

from __future__ import annotations

import html
import json
import logging
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from assistant import Assistant, Evidence, Final, Token, Waiting, prompts
from config import Settings
from storage import FeedbackStore
from ui.admin import build_admin_tab
from ui.auth import LoginGuard
from ui.render import (
    answer_html,
    card_html,
    card_numbers,
    citations_html,
    conversation_markdown,
    passages_html,
    provisional_html,
    source_html,
    user_html,
    waiting_text,
)
from ui.security import DutchFirst, SecurityHeaders

log = logging.getLogger(__name__)

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
.snippet{color:#374151;font-size:.9em} .muted{color:#4b5563} .source .meta{color:#374151;font-size:.9em}
.source .context{line-height:1.5;max-height:420px;overflow:auto;border:1px solid #d1d5db;padding:8px;border-radius:6px}
mark#cited-passage{background:#fde68a;color:#111827;padding:1px 0}
a.cite, #chat a.cite{color:#1e3a8a!important;font-weight:600;text-decoration:underline}
.provisional{color:#374151;font-style:italic} .status{color:#1f2937;font-size:.9em;font-style:normal}
.notice{color:#7c2d12;background:#fff7ed;border-left:4px solid #c2410c;padding:6px 10px}
.user-text{white-space:pre-wrap;margin:0}
.bullet-source{display:block;color:#4b5563;font-size:.8em;margin-top:.35em}
.spelling{font-size:.9em;margin:0 0 .3em}
.panel-heading{font-size:1.05em;margin:.2em 0 .4em}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);border:0}
a.skip{position:absolute;left:-9999px} a.skip:focus{left:8px;top:8px;z-index:1000;background:#fff;padding:6px 10px;border:2px solid #1e3a8a}
button.back-to-answer, button.open-card{margin-top:8px;border:1px solid #1e3a8a;border-radius:6px;padding:4px 10px;background:#fff;color:#1e3a8a}
.evidence button.open-card{margin-top:0;padding:0 6px;font-size:.85em}
.card details{margin:.3em 0} .card summary{cursor:pointer;font-weight:600;color:#1f2937}
.card .card-heading{font-size:1em;margin:.6em 0 .2em} .card ul.bullets{margin:.2em 0 .4em 1.2em}
footer a, footer button, .show-api{color:#374151!important}
.gradio-container .wrap-inner input{padding-right:1.8em}
@media (max-width: 700px) {
  #chat{height:65vh!important}
  #filters, #filters .form{flex-wrap:wrap} #filters > *, #filters .form > *{min-width:100%!important}
  .source .context{max-height:55vh}
}
"""
# One delegated listener, bound once: a click on any [n] (in the chat or the source list)
# sends "<turn>-<n>" to the server, which renders that passage in its report context (a
# "Rapportkaart" button sends "card|<report>", a line of a card "card|<report>|<n>"); the
# opened passage gets the focus and is scrolled into view (on a phone it is below the chat),
# and "Terug naar het antwoord" returns the focus to the [n] that opened it.
BRIDGE_JS = """
let lastCite = null;
const focusQuestion = () => document.querySelector('#question textarea')?.focus();
document.addEventListener('click', (e) => {
  if (e.target.closest('a.skip')) { e.preventDefault(); focusQuestion(); return; }
  if (e.target.closest('button.back-to-answer')) {
    e.preventDefault();
    if (lastCite && document.body.contains(lastCite)) lastCite.focus(); else focusQuestion();
    return;
  }
  const card = e.target.closest('button.open-card');
  if (card) { e.preventDefault(); trigger('click', {cite: 'card|' + card.dataset.card}); return; }
  const a = e.target.closest('a.cite');
  if (!a) return;
  e.preventDefault(); e.stopPropagation();
  if (!a.dataset.cite) lastCite = a;  // a line of a report card is no answer to return to
  trigger('click', {cite: a.dataset.cite || a.id.slice(2)});
}, true);
// Panels are announced (aria-live) and an opened passage takes the focus. Gradio may render
// the panels after this script runs, so the page is watched until they exist.
let watchedSource = null;
const onSource = (src) => new MutationObserver(() => {
  const view = src.querySelector('#source-view');
  if (view && view.dataset.shown !== '1') {
    view.dataset.shown = '1';
    view.focus({preventScroll: true});
    view.scrollIntoView({block: 'nearest'});
  }
}).observe(src, {childList: true, subtree: true});
const announce = () => {
  for (const id of ['evidence', 'source']) {
    const el = document.getElementById(id);
    if (el && el.getAttribute('aria-live') !== 'polite') el.setAttribute('aria-live', 'polite');
  }
  const src = document.getElementById('source');
  if (src && src !== watchedSource) { watchedSource = src; onSource(src); }
};
announce();
new MutationObserver(announce).observe(document.body, {childList: true, subtree: true});
"""


# Soft, with the primary colour one step darker where text sits on it: WCAG AA contrast (4.5:1).
THEME = gr.themes.Soft().set(
    block_label_text_color="*primary_800", block_title_text_color="*primary_800",
    button_primary_background_fill="*primary_700", button_primary_background_fill_hover="*primary_800",
    color_accent="*primary_700", color_accent_soft="*primary_100", link_text_color="*primary_800",
)


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


def filter_choices(reports: dict[str, dict[str, Any]]) -> tuple[list[str], list[tuple[str, str]]]:
    """The year and report filters' choices for the indexed reports. Reports are shown by year
    and title (what a reader knows a report by; the year first, so a phone's narrow box still
    tells the annual reports apart), newest first; the value is the id."""
    years = [ALL_YEARS] + [str(y) for y in sorted({int(str(r.get("year", 0))) for r in reports.values()})]
    choices = [(ALL_REPORTS, ALL_REPORTS)] + [
        (f"{m.get('year')} · {m.get('title') or rid}" if m.get("year") else str(m.get("title") or rid), rid)
        for rid, m in sorted(reports.items(), key=lambda kv: (-int(str(kv[1].get("year") or 0)), kv[0]))]
    return years, choices


def build_app(settings: Settings, bot: Assistant) -> gr.Blocks:
    """The Blocks app; ``serve`` launches it."""
    feedback = FeedbackStore(settings.paths.data_dir)
    years, report_choices = filter_choices(bot.reports())

    def respond(message: str, chat: list[dict[str, Any]], turns: list[dict[str, Any]],
                year: str, report: str) -> Iterator[tuple[Any, ...]]:
        message = (message or "").strip()
        if not message:
            yield chat, gr.update(), gr.update(), turns, ""
            return
        limit = settings.assistant.max_question_chars
        if len(message) > limit:  # kept in the box, so nothing typed is lost
            notice = html.escape(prompts.TOO_LONG.format(n=len(message), limit=limit))
            yield chat, gr.update(), f"<p class='notice'>{notice}</p>", turns, message
            return
        # The user's text is shown as text: escaped, never rendered as HTML or Markdown.
        chat = list(chat or []) + [{"role": "user", "content": user_html(message)},
                                   {"role": "assistant", "content": provisional_html("", "Passages zoeken…")}]
        yield chat, "<p class='muted'>Passages zoeken…</p>", "", turns, ""
        years_f = {int(year)} if year and year != ALL_YEARS else None
        sources_f = {report} if report and report != ALL_REPORTS else None
        partial = ""
        for event in bot.stream(message, _history(turns), years=years_f, sources=sources_f):
            if isinstance(event, Evidence):
                shown = [p.to_dict() for p in event.passages]
                chat[-1] = {"role": "assistant", "content": provisional_html("", "Antwoord schrijven…")}
                yield chat, passages_html(shown, "Gevonden passages"), "", turns, ""
            elif isinstance(event, Waiting):
                chat[-1] = {"role": "assistant", "content": provisional_html("", waiting_text(event))}
                yield chat, gr.update(), gr.update(), turns, ""
            elif isinstance(event, Token):
                partial += event.text
                chat[-1] = {"role": "assistant", "content": provisional_html(partial, "Wordt gecontroleerd…")}
                yield chat, gr.update(), gr.update(), turns, ""
            elif isinstance(event, Final):
                a = event.answer
                turn = len(turns)
                cites = [c.to_dict() for c in a.citations]
                turns = turns + [{"question": message, "answer": a.answer, "answered": a.answered,
                                  "citations": cites, "standalone": a.standalone_question}]
                chat[-1] = {"role": "assistant", "content": answer_html(
                    turn, a.answer, a.answered, a.corrections, cites)}
                yield chat, citations_html(turn, cites), "", turns, ""

    def cancelled(chat: list[dict[str, Any]]) -> list[dict[str, Any]]:
        chat = list(chat or [])
        if chat and chat[-1].get("role") == "assistant" and "provisional" in _text(chat[-1].get("content")):
            chat[-1] = {"role": "assistant", "content": "<p class='muted'>Vraag geannuleerd.</p>"}
        return chat

    def show_card(parts: list[str]) -> str:
        """A report's card, or (with a number) one line of it in its report context."""
        try:
            card = bot.cards.card(parts[0])
        except KeyError:
            return "<p class='muted'>Dit rapport staat niet (meer) in de index.</p>"
        except Exception:  # the embedder failed: the chat still works
            log.exception("report card")
            return "<p class='notice'>De rapportkaart kon niet worden gemaakt. Probeer het later opnieuw.</p>"
        if len(parts) == 1:
            return card_html(card)
        by_number = {n: span for span, n in card_numbers(card).items()}
        try:
            start, end = by_number[int(parts[1])]
        except (KeyError, ValueError):
            return "<p class='muted'>Bron niet gevonden.</p>"
        line = next(x for x in card.lines() if (x.start, x.end) == (start, end))
        citation = {"n": int(parts[1]), "source": card.report_id, "title": card.title,
                    "year": card.year, "section": line.section}
        return source_html(citation, *bot.context(card.report_id, start, end), from_card=True)

    def show_report_card(report: str) -> Any:
        return show_card([report]) if report in bot.reports() else gr.update()

    def show_source(evt: gr.EventData, turns: list[dict[str, Any]]) -> str:
        cite = str(getattr(evt, "cite", ""))
        if cite.startswith("card|"):
            return show_card(cite.split("|")[1:])
        try:
            turn, n = (int(x) for x in cite.split("-"))
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
        """Ask a question; returns the `g40 ask --json` object (answer, citations, passages).
        A question over the length limit gets the assistant's Dutch message, not an answer."""
        try:
            history = json.loads(history_json or "[]")
        except json.JSONDecodeError:
            history = []
        return bot.ask(question, history).to_dict()

    def api_retrieve(question: str, k: int = 0, years_json: str = "[]",
                     sources_json: str = "[]") -> dict[str, Any]:
        """The best passages for a question; returns the `g40 retrieve --json` object."""
        try:
            years_f = {int(y) for y in json.loads(years_json or "[]")}
            sources_f = {str(x) for x in json.loads(sources_json or "[]")}
        except (json.JSONDecodeError, TypeError, ValueError):
            years_f, sources_f = set(), set()
        question = question[: settings.assistant.max_question_chars]
        passages = bot.retriever.retrieve(question, k=int(k) or None, years=years_f or None,
                                          sources=sources_f or None)
        return {"question": question, "passages": [p.to_dict() for p in passages]}

    with gr.Blocks(title="G40 Economie & Werk assistent") as demo:
        gr.HTML("<a href='#question' class='skip'>Naar de vraag</a>")
        gr.Markdown("# G40 Economie & Werk assistent\nVragen over de jaarverslagen, het position "
                    "paper en de netwerkdagen van de pijler Economie en Werk. Elk antwoord noemt "
                    "zijn bronnen [n]; klik op een nummer om de passage te lezen.")
        turns_state = gr.State([])
        with gr.Tab("Chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    gr.HTML("<h2 class='sr-only'>Gesprek</h2>")
                    chat = gr.Chatbot(elem_id="chat", height="clamp(320px, 60vh, 520px)", show_label=False,
                                      label="Gesprek", buttons=["copy", "copy_all"],
                                      placeholder="**Stel een vraag**, bijvoorbeeld over de MKB-aanpak, "
                                                  "ruimte voor werken of de Participatiewet.")
                    with gr.Row():
                        box = gr.Textbox(placeholder="Typ je vraag…", label="Uw vraag", show_label=False,
                                         scale=5, elem_id="question",
                                         max_length=settings.assistant.max_question_chars)
                        send = gr.Button("Vraag", variant="primary", scale=1, min_width=80, elem_id="send")
                        stop = gr.Button("Stop", scale=0, min_width=70, elem_id="stop")
                    gr.Examples(EXAMPLES, inputs=box, label="Voorbeeldvragen")
                    with gr.Row(elem_id="filters"):
                        year = gr.Dropdown(years, value=ALL_YEARS, label="Jaar", scale=1)
                        report = gr.Dropdown(report_choices, value=ALL_REPORTS, label="Rapport", scale=2)
                    with gr.Row():
                        clear = gr.Button("Nieuw gesprek", size="sm")
                        download = gr.DownloadButton("Exporteer gesprek (Markdown)", size="sm",
                                                     elem_id="export")
                    with gr.Accordion("Opmerking bij het laatste antwoord", open=False):
                        comment = gr.Textbox(label="Opmerking", show_label=False,
                                             placeholder="Wat klopt er niet, wat mist er?")
                        comment_btn = gr.Button("Opmerking opslaan", size="sm")
                        comment_msg = gr.Markdown()
                with gr.Column(scale=2):
                    evidence = gr.HTML("<h2 class='panel-heading'>Passages</h2><p class='muted'>Hier "
                                       "verschijnen de passages.</p>", elem_id="evidence")
                    source = gr.HTML("", elem_id="source")
            bridge = gr.HTML("", visible="hidden", js_on_load=BRIDGE_JS, elem_id="cite-bridge")
        build_admin_tab(settings, bot, LoginGuard(settings.ui))

        inputs = [box, chat, turns_state, year, report]
        outputs = [chat, evidence, source, turns_state, box]
        # The streaming chat endpoint is public as /chat (evidence first, then tokens).
        asked = box.submit(respond, inputs, outputs, api_name="chat")
        asked.then(export, turns_state, download, api_visibility="private")
        clicked = send.click(respond, inputs, outputs, api_visibility="private")
        clicked.then(export, turns_state, download, api_visibility="private")
        # Stop frees the question's place in the line at once (the stream is closed).
        stop.click(cancelled, [chat], [chat], cancels=[asked, clicked], api_visibility="private")
        bridge.click(show_source, [turns_state], source, api_visibility="private")
        # Choosing one report in the filter shows its card (the way into a report).
        report.change(show_report_card, [report], source, api_visibility="private")
        chat.like(on_like, [turns_state], None, api_visibility="private")
        comment_btn.click(save_comment, [comment, turns_state], [comment, comment_msg],
                          api_visibility="private")
        clear.click(lambda: ([], [], "", "<h2 class='panel-heading'>Passages</h2><p class='muted'>"
                             "Hier verschijnen de passages.</p>"),
                    None, [chat, turns_state, source, evidence], api_visibility="private")
        gr.api(api_ask, api_name="vraag")
        gr.api(api_retrieve, api_name="zoek")
        # A report an admin added (or retitled) since the app started shows up in the filters
        # on the next page load.
        def refresh_filters() -> tuple[Any, Any]:
            now_years, now_reports = filter_choices(bot.reports())
            return gr.update(choices=now_years), gr.update(choices=now_reports)

        demo.load(refresh_filters, None, [year, report], api_visibility="private")
    return demo


def launch_kwargs(settings: Settings) -> dict[str, Any]:
    return {"server_name": settings.ui.host, "server_port": settings.ui.port, "css": CSS,
            "theme": THEME, "footer_links": ["api"], "show_error": False,
            # Each chat request holds a worker thread while it waits in the LLM's line.
            "max_threads": settings.ui.concurrency + 16,
            # Gradio itself refuses larger uploads, before any of our code reads them.
            "max_file_size": f"{int(settings.ingest.max_file_mb * 1024)}kb",
            "app_kwargs": {"middleware": [Middleware(SecurityHeaders), Middleware(DutchFirst)]}}
