"""The admin tab: login, upload, metadata, update/rebuild with progress, list and remove reports.

The admin area only exists when G40_ADMIN_PASSWORD is set. Every action checks the session's
login on the server; hiding the panel alone would not protect anything.
"""

from __future__ import annotations

import hmac
import logging
import re
import shutil
from pathlib import Path
from typing import Any

import gradio as gr

from assistant import Assistant
from g40.settings import Settings
from index import IndexBusyError, build_index
from ingest import (
    SUPPORTED,
    IngestError,
    ReportMeta,
    load_report,
    read_metadata,
    report_id_for,
    write_metadata,
)

log = logging.getLogger(__name__)
KINDS = ["jaarverslag", "position paper", "verslag", "rapport"]
COLUMNS = ["rapport-id", "titel", "jaar", "soort", "passages", "geïndexeerd"]


def safe_filename(name: str) -> str:
    """A plain file name inside the corpus folder: no directories, no traversal, known suffix."""
    base = Path(name.replace("\\", "/")).name
    suffix = Path(base).suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(f"{base}: bestandstype {suffix or '(geen)'} wordt niet ondersteund "
                          f"({', '.join(SUPPORTED)})")
    return report_id_for(Path(base)) + suffix


def check_login(settings: Settings, user: str, password: str) -> bool:
    secret = settings.ui.admin_password
    if secret is None or not secret.get_secret_value():
        return False
    ok_user = hmac.compare_digest(user.encode(), settings.ui.admin_user.encode())
    ok_pass = hmac.compare_digest(password.encode(), secret.get_secret_value().encode())
    return ok_user and ok_pass


def build_admin_tab(settings: Settings, bot: Assistant) -> None:
    corpus = settings.paths.corpus_dir

    with gr.Tab("Beheer"):
        if settings.ui.admin_password is None or not settings.ui.admin_password.get_secret_value():
            gr.Markdown("**Beheer is uitgeschakeld.** Zet `G40_ADMIN_PASSWORD` (en eventueel "
                        "`G40_ADMIN_USER`, standaard `admin`) in de omgeving en herstart de app om "
                        "rapporten te kunnen toevoegen en de index bij te werken.")
            return
        logged_in = gr.State(False)
        with gr.Column(visible=True) as login_box:
            user = gr.Textbox(label="Gebruiker", elem_id="admin-user")
            password = gr.Textbox(label="Wachtwoord", type="password", elem_id="admin-password")
            login_btn = gr.Button("Inloggen", elem_id="admin-login")
            login_msg = gr.Markdown(elem_id="admin-login-msg")
        with gr.Column(visible=False) as panel:
            table = gr.Dataframe(headers=COLUMNS, label="Geïndexeerde rapporten", interactive=False,
                                 elem_id="admin-reports")
            with gr.Row():
                upload = gr.File(label="Rapport uploaden", file_types=list(SUPPORTED), elem_id="admin-upload")
                with gr.Column():
                    title = gr.Textbox(label="Titel (leeg = afleiden uit de tekst)")
                    year = gr.Number(label="Jaar (leeg = afleiden)", precision=0)
                    kind = gr.Dropdown(KINDS, value="rapport", label="Soort")
                    overwrite = gr.Checkbox(label="Bestaand rapport met dezelfde naam vervangen")
            upload_btn = gr.Button("Uploaden en index bijwerken", variant="primary", elem_id="admin-add")
            with gr.Row():
                update_btn = gr.Button("Index bijwerken (alleen wijzigingen)", elem_id="admin-update")
                rebuild_btn = gr.Button("Alles opnieuw indexeren", elem_id="admin-rebuild")
            with gr.Row():
                remove_id = gr.Dropdown([], label="Rapport verwijderen", elem_id="admin-remove-id")
                remove_btn = gr.Button("Verwijderen", variant="stop")
            status = gr.Markdown(elem_id="admin-status")

    def listing() -> tuple[list[list[Any]], Any]:
        try:
            reports = bot.reports()
        except Exception:  # no index yet: show an empty table
            reports = {}
        rows = [[rid, r.get("title"), r.get("year"), r.get("kind"), r.get("chunks"), r.get("indexed_at")]
                for rid, r in sorted(reports.items())]
        return rows, gr.update(choices=sorted(reports), value=None)

    def login(u: str, p: str) -> tuple[Any, ...]:
        if check_login(settings, u or "", p or ""):
            rows, choices = listing()
            return True, gr.update(visible=False), gr.update(visible=True), "", rows, choices
        log.warning("mislukte admin-login voor gebruiker %r", u)
        return False, gr.update(), gr.update(visible=False), "**Onjuiste gebruiker of wachtwoord.**", \
            gr.update(), gr.update()

    def run_index(rebuild: bool, progress: gr.Progress) -> str:
        def report(phase: str, done: int, total: int) -> None:
            progress(done / max(1, total), desc={"embed": "Embedden", "copy": "Overnemen"}.get(phase, phase))

        try:
            s = build_index(settings, rebuild=rebuild, wait_s=2.0, progress=report)
        except IndexBusyError as exc:
            return f"**{exc}**"
        lines = [f"Klaar in {s.seconds:.1f} s: {s.reports} rapporten, {s.chunks} passages; "
                 f"nieuw {len(s.added)}, gewijzigd {len(s.changed)}, verwijderd {len(s.removed)}, "
                 f"{s.embedded_chunks} passages ge-embed."]
        lines += [f"- ⚠ {m}" for m in s.warnings + s.errors]
        return "\n".join(lines)

    def guarded(fn: Any) -> Any:
        def wrapper(ok: bool, *args: Any, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
            if not ok:
                return ("**Log eerst in.**", gr.update(), gr.update())
            msg = fn(*args, progress=progress)
            rows, choices = listing()
            return msg, rows, choices
        return wrapper

    def add_report(file: str | None, t: str, y: float | None, k: str, ow: bool,
                   progress: gr.Progress) -> str:
        if not file:
            return "**Kies eerst een bestand.**"
        try:
            name = safe_filename(Path(str(file)).name)
            rid = report_id_for(Path(name))
            target = corpus / name
            existing = {report_id_for(p): p for p in corpus.iterdir() if p.is_file()}
            if rid in existing and not ow:
                return (f"**Er bestaat al een rapport `{rid}`.** Vink 'vervangen' aan om het te "
                        "vervangen, of geef het bestand een andere naam.")
            meta = ReportMeta(title=t.strip(), year=int(y or 0), kind=k) if t and t.strip() and y else None
            probe = load_report(Path(str(file)), meta, max_mb=settings.ingest.max_file_mb)
        except IngestError as exc:
            return f"**Niet toegevoegd:** {exc}"
        for other_id, other in existing.items():
            if other_id != rid and _same_content(other, Path(str(file))):
                return f"**Niet toegevoegd:** dit bestand staat er al in als `{other_id}`."
        if rid in existing and existing[rid] != target:
            existing[rid].unlink()
        tmp = corpus / (name + ".tmp")
        shutil.copyfile(str(file), tmp)
        tmp.replace(target)
        metas = read_metadata(corpus)
        m = probe.meta
        metas[rid] = ReportMeta(title=t.strip() or m.title, year=int(y or m.year), kind=k or m.kind, date=m.date)
        write_metadata(corpus, metas)
        return f"Rapport `{rid}` toegevoegd ({len(probe.chunks)} passages).\n\n" + run_index(False, progress)

    def remove_report(rid: str | None, progress: gr.Progress) -> str:
        if not rid or not re.fullmatch(r"[\w.-]+", rid):
            return "**Kies een rapport.**"
        files = [p for p in corpus.iterdir() if p.is_file() and report_id_for(p) == rid
                 and p.suffix.lower() in SUPPORTED]
        for p in files:
            p.unlink()
        metas = read_metadata(corpus)
        metas.pop(rid, None)
        write_metadata(corpus, metas)
        return f"Rapport `{rid}` verwijderd.\n\n" + run_index(False, progress)

    login_btn.click(login, [user, password], [logged_in, login_box, panel, login_msg, table, remove_id],
                    api_visibility="private")
    password.submit(login, [user, password], [logged_in, login_box, panel, login_msg, table, remove_id],
                    api_visibility="private")
    outs = [status, table, remove_id]
    upload_btn.click(guarded(add_report), [logged_in, upload, title, year, kind, overwrite], outs,
                     api_visibility="private")
    update_btn.click(guarded(lambda progress: run_index(False, progress)), [logged_in], outs,
                     api_visibility="private")
    rebuild_btn.click(guarded(lambda progress: run_index(True, progress)), [logged_in], outs,
                      api_visibility="private")
    remove_btn.click(guarded(remove_report), [logged_in, remove_id], outs, api_visibility="private")


def _same_content(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False
