"""`g40 eval`: run question sets through configurations (and the baseline), score, report."""

from __future__ import annotations

import hashlib
import json
import time
import webbrowser
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from assistant import Assistant, Evidence, Final
from evals.dataset import DEFAULT_DATASET, load_dataset
from evals.metrics import percentile, score_item, summarize
from evals.report import write_report
from g40.settings import Settings, load_settings
from index import Retriever

Log = Callable[[str], None]
LATENCIES = ("evidence_s", "first_token_s", "total_s")


def _run_assistant(bot: Assistant, item: dict[str, Any]) -> dict[str, Any]:
    bot.wait_idle()  # the previous answer's cache restore: a person reads meanwhile
    t0 = time.perf_counter()
    t_evidence = 0.0
    final = None
    for event in bot.stream(item["question"], item.get("history") or []):
        if isinstance(event, Evidence) and not t_evidence:  # the first passages shown
            t_evidence = time.perf_counter() - t0
        elif isinstance(event, Final):
            final = event.answer
    assert final is not None
    result = final.to_dict()
    result["timings"]["evidence_s"] = round(t_evidence, 3)
    return result


def _run_retrieval(retriever: Retriever, item: dict[str, Any]) -> dict[str, Any]:
    t0 = time.perf_counter()
    history_users = [m["content"] for m in item.get("history") or [] if m.get("role") == "user"]
    query = " ".join(history_users[-1:] + [item["question"]])
    passages = [p.to_dict() for p in retriever.retrieve(query, k=10)]
    took = time.perf_counter() - t0
    return {"question": item["question"], "passages": passages, "answered": None,
            "timings": {"evidence_s": took, "retrieval_s": took}}


@lru_cache(maxsize=1)
def _code_version() -> str:
    """Changes whenever the assistant's code changes, so cached answers are not reused then."""
    import assistant

    h = hashlib.sha1()
    for path in sorted(Path(assistant.__file__).parent.glob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def _cache_key(config: dict[str, Any], item: dict[str, Any], state: str, mode: str) -> str:
    blob = json.dumps([config, item, state, mode, _code_version()], sort_keys=True,
                      ensure_ascii=False)
    return hashlib.sha1(blob.encode()).hexdigest()[:20]


def run_config(name: str, settings: Settings, items: list[dict[str, Any]], mode: str,
               cache_dir: Path, log: Log) -> dict[str, Any]:
    """Run one configuration ("assistant", "retrieval" or "baseline") over the items."""
    retriever = Retriever(settings)
    state = retriever.state().name
    runner: Callable[[dict[str, Any]], dict[str, Any]]
    bot: Assistant | None = None
    if mode == "baseline":
        from evals.baseline import NaiveBaseline

        baseline = NaiveBaseline(settings)
        runner = lambda it: baseline.ask(it["question"], it.get("history"))  # noqa: E731
    elif mode == "retrieval":
        runner = lambda it: _run_retrieval(retriever, it)  # noqa: E731
    else:
        bot = Assistant(settings, retriever=retriever)
        runner = lambda it: _run_assistant(bot, it)  # type: ignore[union-attr]  # noqa: E731
        # Load the models before the clock runs: latency figures are for a warm assistant.
        bot.warm_up()
    similarity = bot._similarity if bot else None
    cache_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    with Progress(TextColumn(f"[bold]{name}[/]"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), transient=True) as bar:
        task = bar.add_task(name, total=len(items))
        for item in items:
            cached = cache_dir / f"{_cache_key(settings.public_dict(), item, state, mode)}.json"
            if cached.exists():  # resumable: finished questions are not asked again
                result = json.loads(cached.read_text(encoding="utf-8"))
            else:
                result = runner(item)
                cached.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
            sim = similarity if item["type"] == "english" else None
            scores = score_item(item, result, sim) if mode != "retrieval" else {
                k: v for k, v in score_item(item, result).items() if k in ("hit@1", "hit@5", "mrr@10")}
            rows.append({"id": item["id"], "type": item["type"], "item": item, "result": result,
                         "scores": scores})
            bar.advance(task)
    return {"name": name, "mode": mode, "settings": settings.public_dict(), "rows": rows,
            **aggregate(rows)}


def aggregate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    summary = summarize([r["scores"] for r in rows])
    by_type = {t: summarize([r["scores"] for r in rows if r["type"] == t])
               for t in sorted({r["type"] for r in rows})}
    latency = {}
    for key in LATENCIES:
        values = [float(r["result"]["timings"].get(key, 0.0)) for r in rows
                  if r["result"].get("timings")]
        if values and any(values):
            latency[key] = {"p50": round(percentile(values, 0.5), 3),
                            "p95": round(percentile(values, 0.95), 3), "values": values}
    return {"summary": summary, "by_type": by_type, "latency": latency}


def run_evals(settings: Settings, dataset: Path | None = None, compare: list[Path] | None = None,
              baseline: bool = False, limit: int | None = None, types: list[str] | None = None,
              min_score: list[str] | None = None, open_report: bool = False,
              retrieval_only: bool = False, out_dir: Path | None = None, log: Log = print) -> int:
    """Run, report, and return the exit code (1 when a --min-score threshold is missed)."""
    items = load_dataset(dataset or DEFAULT_DATASET)
    if types:
        items = [it for it in items if it["type"] in types]
    if limit:
        items = items[:limit]
    mode = "retrieval" if retrieval_only else "assistant"
    configs = [(Path(p).stem, load_settings(p)) for p in compare] if compare else [("default", settings)]
    evals_dir = settings.paths.data_dir / "evals"
    out = out_dir or evals_dir / time.strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True, exist_ok=True)
    runs = [run_config(name, cfg, items, mode, evals_dir / "cache" / name, log) for name, cfg in configs]
    if baseline and not retrieval_only:
        runs.append(run_config("baseline", settings, items, "baseline", evals_dir / "cache" / "baseline", log))
    report = {"dataset": str(dataset or DEFAULT_DATASET), "questions": len(items),
              "created": time.strftime("%Y-%m-%dT%H:%M:%S"), "runs": runs}
    (out / "results.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    markdown = write_report(report, out)
    log(markdown)
    log(f"Rapport: {out / 'report.html'}")
    if open_report:
        webbrowser.open((out / "report.html").resolve().as_uri())
    return _check_thresholds(runs[0]["summary"], min_score or [], log)


def _check_thresholds(summary: dict[str, float], specs: list[str], log: Log) -> int:
    code = 0
    for spec in specs:
        metric, _, value = spec.partition("=")
        if metric not in summary:
            log(f"--min-score: onbekende of niet gemeten metric '{metric}'")
            code = 1
        elif summary[metric] < float(value):
            log(f"ONDER DE DREMPEL: {metric} = {summary[metric]:.3f} < {float(value):.3f}")
            code = 1
    return code
