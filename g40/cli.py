"""The `g40` command; subcommands mirror the stages: setup, index, retrieve, ask, ui, eval, feedback."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from config import Settings, load_settings

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="G40 Economie & Werk assistent: vragen over de verslagen, met bronnen.")
feedback_app = typer.Typer(help="Feedback van gebruikers.", no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")
reports_app = typer.Typer(help="Rapporten toevoegen, vervangen, wijzigen en verwijderen (met index).",
                          no_args_is_help=True)
app.add_typer(reports_app, name="reports")
err = Console(stderr=True)
out = Console()


class UserError(Exception):
    """An error the user can fix; printed without a traceback."""


SERVER_HELP = ("URL van een draaiende `g40 ui` (warme modellen); standaard G40_SERVER_URL, anders "
               "een app die op deze datamap draait.")
LOCAL_HELP = "Altijd in dit proces antwoorden, ook als er een `g40 ui` draait."


def _server(settings: Settings, server: str | None, local: bool,
            auto: bool = True) -> tuple[str | None, bool]:
    """The app to ask and whether it was found rather than named: --server, G40_SERVER_URL, or
    (G40_SERVER_AUTO) an app announced in this data dir that is up now."""
    if local:
        return None, False
    if server or settings.ui.server_url:
        return server or settings.ui.server_url, False
    if not (auto and settings.ui.server_auto):
        return None, False
    from storage import running_server

    found = running_server(settings.paths.data_dir)
    return found, found is not None


def _remote(url: str, endpoint: str, *args: Any, found: bool = False) -> dict[str, Any] | None:
    """Call an API endpoint of a running app. A named server that fails is a UserError; an app
    that was only found gives None, and the command answers in its own process."""
    try:
        from gradio_client import Client

        result = Client(url, verbose=False).predict(*args, api_name=endpoint)
    except Exception as exc:  # connection refused, not a G40 app, ...
        if found:
            err.print(f"[dim]De app op {url} antwoordde niet ({type(exc).__name__}); "
                      "dit proces antwoordt zelf.[/]")
            return None
        raise UserError(f"De server {url} is niet bereikbaar of gaf een fout ({type(exc).__name__}: "
                        f"{exc}). Start `g40 ui` of laat --server weg.") from exc
    return dict(result)


def _print_answer(answer: dict[str, Any]) -> None:
    """A checked answer (the `--json` shape) and its citations, for a person."""
    out.print(answer["answer"], highlight=False)
    for c in answer["citations"]:
        out.print(f"[bold][{c['n']}][/] {c['title']} ({c['year']}), {c['section']}: "
                  f"[dim]{c['text'][:200]}[/]", highlight=False)


def _settings(env_file: Path | None = None, **overrides: Any) -> Settings:
    clean = {k: str(v) for k, v in overrides.items() if v is not None}
    return load_settings(env_file, **clean)


def _fail(msg: str, code: int = 1) -> None:
    err.print(f"[bold red]Fout:[/] {msg}")
    raise typer.Exit(code)


def _known_errors() -> tuple[type[BaseException], ...]:
    from assistant.llm import LLMUnavailableError
    from g40.install import InstallError
    from index import (
        ChromaUnavailableError,
        IndexBusyError,
        IndexMissingError,
        LibraryError,
        ModelMissingError,
    )
    from storage import MetadataError

    return (UserError, InstallError, IndexBusyError, IndexMissingError, ModelMissingError,
            ChromaUnavailableError, LLMUnavailableError, LibraryError, MetadataError)


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Meer logregels.")] = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@app.command()
def setup(
    embed: Annotated[bool, typer.Option(help="Embeddingmodel samenstellen.")] = True,
    llm: Annotated[bool, typer.Option(help="Taalmodel samenstellen.")] = True,
) -> None:
    """Stel de offline modellen samen uit hun pip-pakketten (eenmalig, idempotent)."""
    from g40.install import InstallError, ensure_models

    settings = _settings()
    try:
        ensure_models(settings.paths.models_dir, embed=embed, llm=llm, log=err.print)
    except InstallError as exc:
        _fail(str(exc))


@app.command("index")
def index_cmd(
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Alles opnieuw embedden.")] = False,
    wait: Annotated[float, typer.Option(help="Seconden wachten als er al een indexering loopt.")] = 0.0,
    as_json: Annotated[bool, typer.Option("--json", help="Samenvatting als JSON.")] = False,
    corpus: Annotated[Path | None, typer.Option(help="Map met rapporten (G40_CORPUS_DIR).")] = None,
) -> None:
    """Werk de index bij met de rapporten in corpus/ (alleen nieuwe/gewijzigde rapporten)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from index import build_index

    settings = _settings(corpus_dir=corpus)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeRemainingColumn(), console=err, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def progress(phase: str, done: int, total: int) -> None:
            label = {"embed": "Embedden", "copy": "Ongewijzigd overnemen"}.get(phase, phase)
            if phase not in tasks:
                tasks[phase] = bar.add_task(label, total=total)
            bar.update(tasks[phase], completed=done)

        try:
            summary = build_index(settings, rebuild=rebuild, wait_s=wait, progress=progress)
        except _known_errors() as exc:
            _fail(str(exc))
        # The index is live: queries are answered while the cards of new reports are made.
        cards_made = _make_cards(settings, bar)
    for msg in summary.warnings:
        err.print(f"[yellow]Waarschuwing:[/] {msg}")
    for msg in summary.errors:
        err.print(f"[red]Overgeslagen:[/] {msg}")
    if as_json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False))
        return
    if cards_made:
        err.print(f"Rapportkaarten gemaakt: {cards_made}.")
    if summary.changed_anything or rebuild:
        err.print(
            f"Index bijgewerkt: {summary.reports} rapporten, {summary.chunks} passages, "
            f"{summary.embedded_chunks} ge-embed, nieuw {summary.added or '-'}, gewijzigd "
            f"{summary.changed or '-'}, verwijderd {summary.removed or '-'} in {summary.seconds:.1f} s."
        )
    else:
        err.print(f"Index is actueel: {summary.reports} rapporten, {summary.chunks} passages "
                  f"({summary.seconds:.1f} s).")


def _make_cards(settings: Settings, bar: Any) -> int:
    """Make the report cards the index lacks, with a progress bar; a failure is a warning
    (a card is then made when it is first opened)."""
    from index import ReportCards

    tasks: list[Any] = []  # the bar shows only when there is a card to make

    def progress(done: int, total: int) -> None:
        if not tasks:
            tasks.append(bar.add_task("Rapportkaarten", total=total))
        bar.update(tasks[0], completed=done)

    try:
        return ReportCards(settings).build_missing(progress)
    except Exception as exc:
        err.print(f"[yellow]Waarschuwing:[/] rapportkaarten niet gemaakt: {exc}")
        return 0


@app.command()
def retrieve(
    question: Annotated[str, typer.Argument(help="De vraag.")],
    k: Annotated[int | None, typer.Option("-k", help="Aantal passages.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Uitvoer als JSON (contract).")] = False,
    year: Annotated[list[int] | None, typer.Option(help="Alleen dit jaar (herhaalbaar).")] = None,
    source: Annotated[list[str] | None, typer.Option(help="Alleen dit rapport-id (herhaalbaar).")] = None,
    server: Annotated[str | None, typer.Option(help=SERVER_HELP)] = None,
    local: Annotated[bool, typer.Option("--local", help=LOCAL_HELP)] = False,
) -> None:
    """Toon de best passende passages voor een vraag."""
    from index import Passage, Retriever

    settings = _settings()
    url, found = _server(settings, server, local)
    try:
        result = None
        if url:
            result = _remote(url, "/zoek", question, k or 0, json.dumps(year or []),
                             json.dumps(source or []), found=found)
        if result is not None:
            fields = ("rank", "source", "title", "year", "section", "text", "start", "end", "score")
            passages = [Passage(**{f: p[f] for f in fields}) for p in result["passages"]]
        else:
            passages = Retriever(settings).retrieve(question, k=k, years=set(year or []),
                                                    sources=set(source or []))
    except _known_errors() as exc:
        _fail(str(exc))
    if as_json:
        print(json.dumps({"question": question, "passages": [p.to_dict() for p in passages]},
                         ensure_ascii=False))
        return
    table = Table(title=question, show_lines=True)
    for col in ("#", "bron", "jaar", "sectie", "score", "tekst"):
        table.add_column(col, overflow="fold")
    for p in passages:
        table.add_row(str(p.rank), p.source, str(p.year), p.section, f"{p.score:.4f}", p.text)
    out.print(table)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="De vraag.")],
    as_json: Annotated[bool, typer.Option("--json", help="Uitvoer als JSON (contract).")] = False,
    history: Annotated[Path | None, typer.Option(help="JSON-bestand met eerdere beurten.")] = None,
    llm: Annotated[str | None, typer.Option(help="LLM-backend (G40_LLM).")] = None,
    server: Annotated[str | None, typer.Option(help=SERVER_HELP)] = None,
    local: Annotated[bool, typer.Option("--local", help=LOCAL_HELP)] = False,
) -> None:
    """Beantwoord een vraag met bronvermelding [n]."""
    settings = _settings(llm=llm)
    turns = json.loads(history.read_text(encoding="utf-8")) if history else []
    # A backend named on the command line is answered here, not by whatever backend an app runs.
    url, found = _server(settings, server, local, auto=llm is None)
    result = None
    if url:  # a running `g40 ui` answers with its warm models; the same JSON contract
        try:
            result = _remote(url, "/vraag", question, json.dumps(turns), found=found)
        except _known_errors() as exc:
            _fail(str(exc))
    if result is not None:
        if as_json:
            print(json.dumps(result, ensure_ascii=False))
        else:
            _print_answer(result)
        return
    from assistant import start_llm

    start_llm(settings)  # a fresh process: the LLM loads while the rest is imported
    from assistant import Assistant, Evidence, Final, Token

    try:
        bot = Assistant(settings)
        if settings.assistant.llm == "embedded":
            # Load the LLM and restore its prompt prefix while the embedder loads and retrieves.
            bot.warm_llm(background=True)
        if as_json:
            print(json.dumps(bot.ask(question, turns).to_dict(), ensure_ascii=False))
            return
        for event in bot.stream(question, turns):
            if isinstance(event, Evidence):  # a follow-up or English question: twice
                err.print(f"[dim]{len(event.passages)} passages gevonden voor: "
                          f"{event.standalone_question}[/]")
            elif isinstance(event, Token):
                out.print(event.text, end="", highlight=False)
            elif isinstance(event, Final):
                out.print()
                out.rule("Antwoord (gecontroleerd)")
                _print_answer(event.answer.to_dict())
    except _known_errors() as exc:
        _fail(str(exc))


@app.command()
def ui(
    host: Annotated[str | None, typer.Option(help="Adres (G40_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Poort (G40_PORT).")] = None,
    llm: Annotated[str | None, typer.Option(help="LLM-backend (G40_LLM).")] = None,
) -> None:
    """Start de chat-app (bouwt eerst de index als die er nog niet is)."""
    from ui import serve

    settings = _settings(host=host, port=port, llm=llm)
    try:
        serve(settings, log=err.print)
    except _known_errors() as exc:
        _fail(str(exc))
    except KeyboardInterrupt:  # Ctrl+C or `kill` while the app was still starting
        err.print("De app is gestopt.")


@app.command("eval")
def eval_cmd(
    dataset: Annotated[Path | None, typer.Option(help="Eigen JSONL-vragenset (standaard: de splits dev en test).")] = None,
    split: Annotated[list[str] | None, typer.Option(help="Alleen deze split: dev of test (herhaalbaar).")] = None,
    judge: Annotated[str | None, typer.Option(
        help="Claims laten beoordelen door een LLM-server: openai of ollama (G40_LLM_BASE_URL, G40_LLM_MODEL).")] = None,
    compare: Annotated[list[Path] | None, typer.Option(help=".env-bestand per configuratie (herhaalbaar).")] = None,
    baseline: Annotated[bool, typer.Option("--baseline", help="Naïeve llama-index-pijplijn erbij.")] = False,
    limit: Annotated[int | None, typer.Option(help="Alleen de eerste N vragen.")] = None,
    types: Annotated[list[str] | None, typer.Option("--type", help="Alleen dit vraagtype.")] = None,
    min_score: Annotated[list[str] | None, typer.Option(
        help="metric=drempel, bv. fact_correct=0.8 (exit 1 als eronder).")] = None,
    open_report: Annotated[bool, typer.Option("--open", help="Open het HTML-rapport.")] = False,
    retrieval_only: Annotated[bool, typer.Option("--retrieval-only", help="Alleen retrieval-metrics.")] = False,
    llm: Annotated[str | None, typer.Option(help="LLM-backend (G40_LLM).")] = None,
    out_dir: Annotated[Path | None, typer.Option(help="Map voor de resultaten.")] = None,
) -> None:
    """Meet de antwoordkwaliteit (dev en test naast elkaar) en schrijf een HTML-rapport."""
    from evals import run_evals
    from evals.dataset import DatasetError
    from evals.judge import JudgeError, LLMJudge

    settings = _settings(llm=llm)
    try:
        a = settings.assistant
        claim_judge = LLMJudge(judge, a.llm_base_url, a.llm_model, a.llm_api_key.get_secret_value(),
                               a.llm_timeout_s) if judge else None
        code = run_evals(settings, dataset=dataset, compare=compare or [], baseline=baseline,
                         limit=limit, types=types or [], min_score=min_score or [],
                         open_report=open_report, retrieval_only=retrieval_only, out_dir=out_dir,
                         splits=split or [], judge=claim_judge, log=err.print)
    except (DatasetError, JudgeError, ValueError) as exc:
        _fail(str(exc))
    except _known_errors() as exc:
        _fail(str(exc))
    raise typer.Exit(code)


@feedback_app.command("export")
def feedback_export(
    fmt: Annotated[str, typer.Option("--format", help="csv of json.")] = "csv",
    output: Annotated[Path | None, typer.Option("--out", help="Bestand (standaard stdout).")] = None,
) -> None:
    """Exporteer alle feedback (duim omhoog/omlaag) als CSV of JSON."""
    from storage import FeedbackStore

    store = FeedbackStore(_settings().paths.data_dir)
    text = store.export(fmt)
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"{len(store.rows())} regels geschreven naar {output}")
    else:
        sys.stdout.write(text)


@reports_app.command("list")
def reports_list() -> None:
    """Toon de rapporten in de corpusmap met hun gegevens (reports.toml)."""
    from index import Library

    library = Library(_settings())
    try:
        metas = library.metadata()
    except _known_errors() as exc:
        _fail(str(exc))
    table = Table("rapport-id", "bestand", "titel", "jaar", "soort")
    for rid, path in sorted(library.files.reports().items()):
        m = metas.get(rid)
        table.add_row(rid, path.name, m.title if m else "(afgeleid)", str(m.year) if m else "",
                      m.kind if m else "")
    out.print(table)


@reports_app.command("card")
def reports_card(
    report_id: Annotated[str, typer.Argument(help="Rapport-id (zie `g40 reports list`).")],
    as_json: Annotated[bool, typer.Option("--json", help="De kaart als JSON.")] = False,
) -> None:
    """Toon de rapportkaart: de kernzinnen van het rapport en van elke sectie, met hun plaats."""
    from index import ReportCards

    cards = ReportCards(_settings())
    try:
        card = cards.card(report_id)
    except KeyError:
        _fail(f"Rapport '{report_id}' staat niet in de index. Zie `g40 reports list` en `g40 index`.")
    except _known_errors() as exc:
        _fail(str(exc))
    if as_json:
        print(json.dumps(card.to_dict(), ensure_ascii=False))
        return
    from rich.markup import escape

    out.print(f"[bold]{escape(card.title)}[/] ({card.year or 'jaar onbekend'}, {escape(card.kind)})")
    out.print("\n[bold]In het kort[/]")
    for line in card.digest:
        out.print(f"  • {escape(line.text)}  [dim]({escape(line.section)}; tekens "
                  f"{line.start}-{line.end})[/]", highlight=False)
    for section in card.sections:
        out.print(f"\n[bold]{escape(section.heading)}[/]")
        for line in section.lines:
            out.print(f"  • {escape(line.text)}  [dim](tekens {line.start}-{line.end})[/]",
                      highlight=False)


@reports_app.command("add")
def reports_add(
    file: Annotated[Path, typer.Argument(help="Het rapportbestand.")],
    title: Annotated[str, typer.Option(help="Titel (leeg = afleiden).")] = "",
    year: Annotated[int, typer.Option(help="Jaar (0 = afleiden).")] = 0,
    kind: Annotated[str, typer.Option(help="jaarverslag, position paper, verslag of rapport.")] = "",
    replace: Annotated[bool, typer.Option("--replace", help="Bestaand rapport vervangen.")] = False,
) -> None:
    """Voeg een rapport toe (of vervang het) en werk de index bij; mislukt dat, dan blijft alles zoals het was."""
    from index import Library

    if not file.is_file():
        _fail(f"{file}: bestand niet gevonden")
    try:
        done = Library(_settings(), wait_s=30).add(file, file.name, title, year, kind, replace)
    except _known_errors() as exc:
        _fail(str(exc))
    err.print(done.message)


@reports_app.command("edit")
def reports_edit(
    report_id: Annotated[str, typer.Argument(help="Rapport-id (de bestandsnaam zonder extensie).")],
    title: Annotated[str | None, typer.Option(help="Nieuwe titel.")] = None,
    year: Annotated[int | None, typer.Option(help="Nieuw jaar.")] = None,
    kind: Annotated[str | None, typer.Option(help="Nieuwe soort.")] = None,
) -> None:
    """Wijzig titel, jaar of soort van een rapport zonder het opnieuw te embedden."""
    from index import Library

    library = Library(_settings(), wait_s=30)
    try:
        old = library.metadata().get(report_id)
        done = library.edit(report_id, title if title is not None else (old.title if old else ""),
                            year if year is not None else (old.year if old else 0),
                            kind if kind is not None else (old.kind if old else "rapport"))
    except _known_errors() as exc:
        _fail(str(exc))
    err.print(done.message)


@reports_app.command("remove")
def reports_remove(report_id: Annotated[str, typer.Argument(help="Rapport-id.")]) -> None:
    """Verwijder een rapport uit de corpusmap en de index."""
    from index import Library

    try:
        done = Library(_settings(), wait_s=30).remove(report_id)
    except _known_errors() as exc:
        _fail(str(exc))
    err.print(done.message)


if __name__ == "__main__":
    app()
