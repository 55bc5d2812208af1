"""`g40 eval`: run the splits through the assistant (and the baseline), grade, report."""

from __future__ import annotations

import hashlib
import json
import math
import time
import webbrowser
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from assistant import Assistant, Evidence, Final
from config import PROJECT_ROOT, Settings, load_settings
from evals.dataset import SPLITS, load_dataset, load_splits
from evals.grader import Grader, Judge
from evals.metrics import percentile, score_item, summarize
from evals.report import write_report
from index import Retriever, get_embed_model

Log = Callable[[str], None]
Runner = Callable[[str, list[dict[str, str]]], dict[str, Any]]
LATENCIES = ("evidence_s", "first_token_s", "total_s")
# Every package whose code can change an answer; the evals' own code only changes scores,
# and scores are always computed afresh from the cached answers.
ANSWER_PACKAGES = ("config", "storage", "ingest", "index", "assistant")


def _run_assistant(bot: Assistant, question: str, history: list[dict[str, str]]) -> dict[str, Any]:
    bot.wait_idle()  # the previous answer's cache restore: a person reads meanwhile
    t0 = time.perf_counter()
    t_evidence = 0.0
    final = None
    for event in bot.stream(question, history):
        if isinstance(event, Evidence) and not t_evidence:  # the first passages shown
            t_evidence = time.perf_counter() - t0
        elif isinstance(event, Final):
            final = event.answer
    assert final is not None
    result = final.to_dict()
    result["timings"]["evidence_s"] = round(t_evidence, 3)
    return result


def _run_retrieval(retriever: Retriever, question: str,
                   history: list[dict[str, str]]) -> dict[str, Any]:
    t0 = time.perf_counter()
    users = [m["content"] for m in history if m.get("role") == "user"]
    passages = [p.to_dict() for p in retriever.retrieve(" ".join(users[-1:] + [question]), k=10)]
    took = time.perf_counter() - t0
    return {"question": question, "passages": passages, "answered": None,
            "timings": {"evidence_s": took, "retrieval_s": took}}


@lru_cache(maxsize=1)
def code_version() -> str:
    """Changes whenever code that can change an answer changes (all stages, the settings)."""
    h = hashlib.sha1()
    for package in ANSWER_PACKAGES:
        for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
            h.update(str(path.relative_to(PROJECT_ROOT)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def cache_key(settings: dict[str, Any], question: str, history: list[dict[str, str]],
              state: str, mode: str) -> str:
    """Answers are reused only for the same code, settings, index state and conversation."""
    blob = json.dumps([settings, question, history, state, mode, code_version()],
                      sort_keys=True, ensure_ascii=False)
    return hashlib.sha1(blob.encode()).hexdigest()[:20]


def _cached(runner: Runner, cache_dir: Path, settings: dict[str, Any], state: str,
            mode: str) -> Runner:
    def run(question: str, history: list[dict[str, str]]) -> dict[str, Any]:
        path = cache_dir / f"{cache_key(settings, question, history, state, mode)}.json"
        if path.exists():  # resumable: finished questions are not asked again
            return dict(json.loads(path.read_text(encoding="utf-8")))
        result = runner(question, history)
        path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        return result
    return run


def conversation(item: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(row id, scorable item) per question asked: one, or one per turn of a conversation."""
    if item["type"] != "multi-turn":
        yield item["id"], item
        return
    for k, turn in enumerate(item["turns"], 1):
        yield f"{item['id']}.{k}", {**turn, "id": f"{item['id']}.{k}", "type": "multi-turn",
                                    "split": item["split"], "expected_facts": turn.get("expected_facts", [])}


def run_items(items: list[dict[str, Any]], run: Runner, grader: Grader, mode: str,
              name: str) -> list[dict[str, Any]]:
    """Ask every item (a conversation turn by turn, each turn after the real earlier answers)."""
    rows = []
    with Progress(TextColumn(f"[bold]{name}[/]"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), transient=True) as bar:
        task = bar.add_task(name, total=len(items))
        for item in items:
            history: list[dict[str, str]] = list(item.get("history") or [])
            for row_id, asked in conversation(item):
                result = run(asked["question"], history)
                scores = score_item(asked, result, grader)
                if mode == "retrieval":
                    scores = {k: v for k, v in scores.items() if k in ("hit@1", "hit@5", "mrr@10")}
                rows.append({"id": row_id, "type": item["type"], "split": item["split"],
                             "item": asked, "result": result, "scores": scores})
                history += [{"role": "user", "content": asked["question"]},
                            {"role": "assistant", "content": str(result.get("answer", ""))}]
            bar.advance(task)
    return rows


def make_grader(settings: Settings, judge: Judge | None = None) -> Grader:
    """The grader with the embedding model's similarity (cached per text)."""
    model = get_embed_model(settings)
    vectors: dict[str, list[float]] = {}

    def vector(text: str) -> list[float]:
        if text not in vectors:
            vectors[text] = list(model.get_text_embedding(text))
        return vectors[text]

    def similarity(a: str, b: str) -> float:
        x, y = vector(a), vector(b)
        dot = sum(p * q for p, q in zip(x, y, strict=True))
        norm = math.sqrt(sum(p * p for p in x)) * math.sqrt(sum(q * q for q in y))
        return dot / norm if norm else 0.0

    return Grader(similarity=similarity, judge=judge)


def run_config(name: str, settings: Settings, items: list[dict[str, Any]], mode: str,
               cache_dir: Path, grader: Grader) -> dict[str, Any]:
    """Run one configuration ("assistant", "retrieval" or "baseline") over the items."""
    retriever = Retriever(settings)
    runner: Runner
    if mode == "baseline":
        from evals.baseline import NaiveBaseline

        runner = NaiveBaseline(settings).ask
    elif mode == "retrieval":
        runner = lambda q, h: _run_retrieval(retriever, q, h)  # noqa: E731
    else:
        bot = Assistant(settings, retriever=retriever)
        runner = lambda q, h: _run_assistant(bot, q, h)  # noqa: E731
        bot.warm_up()  # latency figures are for a warm assistant
    cache_dir.mkdir(parents=True, exist_ok=True)
    run = _cached(runner, cache_dir, settings.public_dict(), retriever.state().name, mode)
    rows = run_items(items, run, grader, mode, name)
    return {"name": name, "mode": mode, "settings": settings.public_dict(), "rows": rows,
            "splits": {s: aggregate([r for r in rows if r["split"] == s])
                       for s in dict.fromkeys(r["split"] for r in rows)}}


def _latency(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    latency = {}
    for key in LATENCIES:
        values = [float(r["result"]["timings"].get(key, 0.0)) for r in rows
                  if r["result"].get("timings")]
        if values and any(values):
            latency[key] = {"p50": round(percentile(values, 0.5), 3),
                            "p95": round(percentile(values, 0.95), 3), "values": values}
    return latency


def aggregate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Means per split and per kind, and latency percentiles (per kind: the full answer)."""
    summary = summarize([r["scores"] for r in rows])
    by_type = {}
    for t in dict.fromkeys(r["type"] for r in rows):
        of_kind = [r for r in rows if r["type"] == t]
        by_type[t] = summarize([r["scores"] for r in of_kind])
        total = _latency(of_kind).get("total_s")
        if total:
            by_type[t].update({"total_s_p50": total["p50"], "total_s_p95": total["p95"]})
    latency = _latency(rows)
    if "total_s" in latency:
        summary.update({"total_s_p50": latency["total_s"]["p50"],
                        "total_s_p95": latency["total_s"]["p95"]})
    return {"summary": summary, "by_type": by_type, "latency": latency}


def run_evals(settings: Settings, dataset: Path | None = None, compare: list[Path] | None = None,
              baseline: bool = False, limit: int | None = None, types: list[str] | None = None,
              min_score: list[str] | None = None, open_report: bool = False,
              retrieval_only: bool = False, out_dir: Path | None = None,
              splits: list[str] | None = None, judge: Judge | None = None,
              log: Log = print) -> int:
    """Run, report, and return the exit code (1 when a --min-score threshold is missed).

    Without ``dataset`` the dev and test splits are run and reported side by side;
    ``--min-score`` is checked on the last split run (test, when it is run)."""
    items = load_dataset(dataset) if dataset else load_splits(splits or list(SPLITS))
    if types:
        items = [it for it in items if it["type"] in types]
    if limit:
        items = [it for s in dict.fromkeys(i["split"] for i in items)
                 for it in [i for i in items if i["split"] == s][:limit]]
    mode = "retrieval" if retrieval_only else "assistant"
    configs = [(Path(p).stem, load_settings(p)) for p in compare] if compare else [("assistent", settings)]
    evals_dir = settings.paths.data_dir / "evals"
    out = out_dir or evals_dir / time.strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True, exist_ok=True)
    grader = make_grader(settings, judge)
    runs = [run_config(name, cfg, items, mode, evals_dir / "cache" / name, grader)
            for name, cfg in configs]
    if baseline and not retrieval_only:
        runs.append(run_config("baseline", settings, items, "baseline",
                               evals_dir / "cache" / "baseline", grader))
    report = {"dataset": str(dataset) if dataset else "dev + test", "questions": len(items),
              "created": time.strftime("%Y-%m-%dT%H:%M:%S"), "runs": runs,
              "grader": "llm-judge" if judge else "embedding + exact names/numbers"}
    (out / "results.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    markdown = write_report(report, out)
    log(markdown)
    log(f"Rapport: {out / 'report.html'}")
    if open_report:
        webbrowser.open((out / "report.html").resolve().as_uri())
    last = list(runs[0]["splits"].values())[-1]["summary"] if runs[0]["splits"] else {}
    return _check_thresholds(last, min_score or [], log)


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
