"""The admin tab ("Beheer"): login, upload, edit metadata, update/rebuild, remove reports.

Every action checks the session on the server (hiding the panel alone protects nothing) and
goes through ``index.Library``, which undoes a change whose build fails. Every outcome, also a
server error, reaches the admin as a readable Dutch message.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from assistant import Assistant
from config import Settings
from index import BuildSummary, Library, LibraryError
from storage import KINDS, REPORT_SUFFIXES
from ui.auth import LoginGuard

log = logging.getLogger(__name__)
COLUMNS = ["rapport-id", "titel", "jaar", "soort", "passages", "geïndexeerd"]
EXPIRED = "**U bent niet (meer) ingelogd.** Uw sessie is verlopen of u bent uitgelogd; log opnieuw in."


def client_address(request: gr.Request | None, settings: Settings) -> str:
    if request is None:
        return "onbekend"
    forwarded = request.headers.get("x-forwarded-for", "") if settings.ui.trust_proxy_headers else ""
    if forwarded:
        return forwarded.split(",")[0].strip()
    return request.client.host if request.client else "onbekend"


def summary_text(s: BuildSummary) -> str:
    lines = [f"Index klaar in {s.seconds:.1f} s: {s.reports} rapporten, {s.chunks} passages; "
             f"nieuw {len(s.added)}, gewijzigd {len(s.changed)}, alleen gegevens {len(s.relabelled)}, "
             f"verwijderd {len(s.removed)}; {s.embedded_chunks} passages ge-embed."]
    return "\n".join(lines + [f"- ⚠ {m}" for m in s.warnings + s.errors])


def build_admin_tab(settings: Settings, bot: Assistant, guard: LoginGuard) -> None:
    library = Library(settings, wait_s=2.0)

    with gr.Tab("Beheer", elem_id="admin-tab") as tab:
        if not guard.enabled:
            gr.Markdown("**Beheer is uitgeschakeld.** Zet `G40_ADMIN_PASSWORD` (en eventueel "
                        "`G40_ADMIN_USER`, standaard `admin`) in de omgeving en herstart de app om "
                        "rapporten te kunnen toevoegen en de index bij te werken.")
            return
        token = gr.State(None)
        with gr.Column(visible=True) as login_box:
            user = gr.Textbox(label="Gebruiker", elem_id="admin-user")
            password = gr.Textbox(label="Wachtwoord", type="password", elem_id="admin-password")
            login_btn = gr.Button("Inloggen", elem_id="admin-login")
            login_msg = gr.Markdown(elem_id="admin-login-msg")
        with gr.Column(visible=False) as panel:
            with gr.Row():
                who = gr.Markdown(elem_id="admin-who")
                logout_btn = gr.Button("Uitloggen", size="sm", scale=0, min_width=120,
                                       elem_id="admin-logout")
            table = gr.Dataframe(headers=COLUMNS, label="Geïndexeerde rapporten", interactive=False,
                                 elem_id="admin-reports")
            gr.Markdown(f"### Rapport toevoegen of vervangen\nBestandstypen: {', '.join(REPORT_SUFFIXES)}; "
                        f"hoogstens {settings.ingest.max_file_mb:g} MB.")
            with gr.Row():
                with gr.Column():
                    # A plain button (its text is its accessible name) instead of a drop area.
                    # No file_types filter: the server checks the type and answers in Dutch.
                    upload = gr.UploadButton("Kies een rapportbestand…", elem_id="admin-upload")
                    chosen = gr.Markdown("Nog geen bestand gekozen.", elem_id="admin-chosen")
                    upload_file = gr.State(None)
                with gr.Column():
                    title = gr.Textbox(label="Titel (leeg = afleiden uit de tekst)", max_lines=1)
                    year = gr.Number(label="Jaar (leeg = afleiden)", precision=0)
                    kind = gr.Dropdown(list(KINDS), value="rapport", label="Soort")
                    overwrite = gr.Checkbox(label="Bestaand rapport met dezelfde naam vervangen")
            upload_btn = gr.Button("Uploaden en index bijwerken", variant="primary", elem_id="admin-add")
            gr.Markdown("### Gegevens van een rapport wijzigen")
            with gr.Row():
                edit_id = gr.Dropdown([], label="Rapport", elem_id="admin-edit-id")
                edit_title = gr.Textbox(label="Titel", max_lines=1, elem_id="admin-edit-title")
                edit_year = gr.Number(label="Jaar", precision=0, elem_id="admin-edit-year")
                edit_kind = gr.Dropdown(list(KINDS), value="rapport", label="Soort")
            edit_btn = gr.Button("Gegevens opslaan", elem_id="admin-edit")
            gr.Markdown("### Index")
            with gr.Row():
                update_btn = gr.Button("Index bijwerken (alleen wijzigingen)", elem_id="admin-update")
                rebuild_btn = gr.Button("Alles opnieuw indexeren", elem_id="admin-rebuild")
            with gr.Row():
                remove_id = gr.Dropdown([], label="Rapport verwijderen", elem_id="admin-remove-id")
                remove_btn = gr.Button("Verwijderen", variant="stop", elem_id="admin-remove")
            status = gr.Markdown(elem_id="admin-status")

    def listing() -> tuple[list[list[Any]], Any, Any]:
        try:
            reports = bot.reports()
        except Exception:  # no index yet: show an empty table
            reports = {}
        rows = [[rid, r.get("title"), r.get("year"), r.get("kind"), r.get("chunks"), r.get("indexed_at")]
                for rid, r in sorted(reports.items())]
        ids = sorted(reports)
        return rows, gr.update(choices=ids, value=None), gr.update(choices=ids, value=None)

    def opened(tok: str, name: str, msg: str = "") -> tuple[Any, ...]:
        rows, removes, edits = listing()
        return (tok, gr.update(visible=False), gr.update(visible=True), msg, "",
                f"Ingelogd als **{name}**.", rows, removes, edits)

    login_outs = [token, login_box, panel, login_msg, password, who, table, remove_id, edit_id]

    def login(u: str, p: str, request: gr.Request) -> tuple[Any, ...]:
        result = guard.login(u or "", p or "", client_address(request, settings))
        if result.token:
            return opened(result.token, u)
        return (None, gr.update(), gr.update(visible=False), f"**{result.message}**", "",
                *[gr.update()] * 4)

    def sso(request: gr.Request) -> tuple[Any, ...]:
        header = settings.ui.admin_sso_header
        name = request.headers.get(header.lower()) if header and request else None
        tok = guard.login_sso(name, client_address(request, settings))
        return opened(tok, str(name)) if tok else tuple(gr.update() for _ in login_outs)

    def logout(tok: str | None) -> tuple[Any, ...]:
        guard.logout(tok)
        return None, gr.update(visible=True), gr.update(visible=False), "Uitgelogd.", ""

    outs = [status, table, remove_id, edit_id, login_box, panel]

    def guarded(action: Callable[..., str]) -> Callable[..., tuple[Any, ...]]:
        def run(tok: str | None, *args: Any, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
            if guard.user(tok) is None:
                return EXPIRED, gr.update(), gr.update(), gr.update(), gr.update(visible=True), \
                    gr.update(visible=False)
            try:
                msg = action(*args, progress=_reporter(progress))
            except LibraryError as exc:
                msg = f"**Niet gelukt:** {exc}"
            except Exception as exc:  # the admin reads what happened instead of "null"
                log.exception("beheeractie mislukt")
                msg = (f"**Er ging iets mis op de server** ({type(exc).__name__}: {exc}). "
                       "Probeer het opnieuw; de details staan in het serverlog.")
            # The cards of new and changed reports are made in the background: the admin's
            # answer and everyone's questions do not wait for them.
            threading.Thread(target=_make_cards, args=(bot,), daemon=True).start()
            return (msg, *listing(), gr.update(), gr.update())
        return run

    def add_report(file: str | None, t: str, y: float | None, k: str, ow: bool, progress: Any) -> str:
        if not file:
            return "**Kies eerst een bestand.**"
        done = library.add(Path(str(file)), Path(str(file)).name, title=t or "", year=int(y or 0),
                           kind=k or "", replace=bool(ow), progress=progress)
        return f"{done.message}\n\n{summary_text(done.summary)}"

    def edit_report(rid: str | None, t: str, y: float | None, k: str, progress: Any) -> str:
        if not rid:
            return "**Kies een rapport.**"
        done = library.edit(rid, t or "", int(y or 0), k or "rapport", progress=progress)
        return f"{done.message}\n\n{summary_text(done.summary)}"

    def remove_report(rid: str | None, progress: Any) -> str:
        if not rid:
            return "**Kies een rapport.**"
        done = library.remove(rid, progress=progress)
        return f"{done.message}\n\n{summary_text(done.summary)}"

    def fill_edit(tok: str | None, rid: str | None) -> tuple[Any, ...]:
        if guard.user(tok) is None or not rid:
            return gr.update(), gr.update(), gr.update()
        meta = library.metadata().get(rid)
        info = bot.reports().get(rid, {})
        return (meta.title if meta else info.get("title", ""), meta.year if meta else info.get("year"),
                meta.kind if meta else info.get("kind", "rapport"))

    private: dict[str, Any] = {"api_visibility": "private"}
    login_btn.click(login, [user, password], login_outs, **private)
    password.submit(login, [user, password], login_outs, **private)
    tab.select(sso, None, login_outs, **private)
    logout_btn.click(logout, [token], [token, login_box, panel, login_msg, password], **private)
    upload.upload(lambda f: (f, f"Gekozen: **{Path(str(f)).name}**" if f else "Nog geen bestand gekozen."),
                  [upload], [upload_file, chosen], **private)
    upload_btn.click(guarded(add_report), [token, upload_file, title, year, kind, overwrite], outs, **private)
    edit_id.change(fill_edit, [token, edit_id], [edit_title, edit_year, edit_kind], **private)
    edit_btn.click(guarded(edit_report), [token, edit_id, edit_title, edit_year, edit_kind], outs, **private)
    update_btn.click(guarded(lambda progress: summary_text(library.update(False, progress))), [token],
                     outs, **private)
    rebuild_btn.click(guarded(lambda progress: summary_text(library.update(True, progress))), [token],
                      outs, **private)
    remove_btn.click(guarded(remove_report), [token, remove_id], outs, **private)


def _make_cards(bot: Assistant) -> None:
    try:
        bot.cards.build_missing()
    except Exception:  # a card is then made when it is first opened
        log.exception("rapportkaarten maken mislukt")


def _reporter(progress: gr.Progress) -> Callable[[str, int, int], None]:
    def report(phase: str, done: int, total: int) -> None:
        progress(done / max(1, total), desc={"embed": "Embedden", "copy": "Overnemen"}.get(phase, phase))
    return report
