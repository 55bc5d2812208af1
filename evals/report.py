"""Self-contained HTML report (plots inlined as PNG) and a Markdown summary."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from evals.metrics import METRICS  # noqa: E402
from evals.metrics import __doc__ as METRIC_DOC  # noqa: E402

MAIN = ["fact_and_cited", "fact_correct", "gold_cited", "refusal_correct", "citation_precision",
        "faithfulness", "hit@5"]


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _bars(runs: list[dict[str, Any]], metrics: list[str], title: str, key: str = "summary") -> str:
    fig, ax = plt.subplots(figsize=(9, 3.6))
    width = 0.8 / max(1, len(runs))
    for i, run in enumerate(runs):
        vals = [run[key].get(m, 0.0) for m in metrics]
        ax.bar([x + i * width for x in range(len(metrics))], vals, width, label=run["name"])
    ax.set_xticks([x + width * (len(runs) - 1) / 2 for x in range(len(metrics))], metrics,
                  rotation=20, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_title(title)
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    return _png(fig)


def _per_type(runs: list[dict[str, Any]]) -> str:
    types = sorted({t for r in runs for t in r["by_type"]})
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
    for ax, metric in zip(axes, ("fact_and_cited", "refusal_correct"), strict=True):
        width = 0.8 / max(1, len(runs))
        for i, run in enumerate(runs):
            vals = [run["by_type"].get(t, {}).get(metric, 0.0) for t in types]
            ax.bar([x + i * width for x in range(len(types))], vals, width, label=run["name"])
        ax.set_xticks([x + width * (len(runs) - 1) / 2 for x in range(len(types))], types,
                      rotation=20, ha="right")
        ax.set_ylim(0, 1.05)
        ax.set_title(f"{metric} per vraagtype")
        ax.grid(axis="y", alpha=0.3)
    axes[0].legend(fontsize=8)
    return _png(fig)


def _latency(runs: list[dict[str, Any]]) -> str:
    keys = ["evidence_s", "first_token_s", "total_s"]
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.4))
    for ax, key in zip(axes, keys, strict=True):
        data = [run["latency"].get(key, {}).get("values", [0.0]) for run in runs]
        ax.boxplot(data, tick_labels=[r["name"] for r in runs])
        ax.set_title(key.replace("_s", " (s)"))
        ax.grid(axis="y", alpha=0.3)
    return _png(fig)


def _markdown(report: dict[str, Any]) -> str:
    runs = report["runs"]
    metrics = [m for m in METRICS if any(m in r["summary"] for r in runs)]
    lines = [f"## Eval: {report['questions']} vragen ({Path(report['dataset']).name})", "",
             "| metric | " + " | ".join(r["name"] for r in runs) + " |",
             "|---|" + "---|" * len(runs)]
    for m in metrics:
        lines.append(f"| {m} | " + " | ".join(f"{r['summary'].get(m, float('nan')):.3f}" for r in runs) + " |")
    for key in ("evidence_s", "first_token_s", "total_s"):
        if any(key in r["latency"] for r in runs):
            lines.append(f"| {key} p50 / p95 | " + " | ".join(
                f"{r['latency'].get(key, {}).get('p50', 0):.2f} / {r['latency'].get(key, {}).get('p95', 0):.2f}"
                for r in runs) + " |")
    return "\n".join(lines)


def _failures(run: dict[str, Any]) -> str:
    parts = []
    for row in run["rows"]:
        s = row["scores"]
        failed = (not s.get("refusal_correct", True)) or s.get("fact_and_cited") is False or \
            s.get("hit@5") is False
        if not failed:
            continue
        res, item = row["result"], row["item"]
        cites = "".join(f"<li>[{c.get('n')}] {html.escape(str(c.get('source')))}: "
                        f"{html.escape(str(c.get('text', ''))[:300])}</li>" for c in res.get("citations", []))
        bad = ", ".join(k for k, v in s.items() if v is False)
        parts.append(
            f"<details><summary><b>{row['id']}</b> ({row['type']}) {html.escape(item['question'])}"
            f" — <span class=bad>{bad}</span></summary>"
            f"<p><b>Antwoord:</b> {html.escape(str(res.get('answer', '')))}</p><ul>{cites}</ul>"
            f"<p><b>Verwacht:</b> {html.escape(str(item.get('answer', '')))} "
            f"<i>feiten {html.escape(str(item.get('expected_facts')))}, bronnen {item.get('gold_sources')}</i></p>"
            "</details>")
    return "\n".join(parts) or "<p>Geen.</p>"


def write_report(report: dict[str, Any], out: Path) -> str:
    """Write report.html and summary.md into ``out``; returns the Markdown summary."""
    runs = report["runs"]
    md = _markdown(report)
    (out / "summary.md").write_text(md + "\n", encoding="utf-8")
    rows = "".join(
        "<tr><td>" + m + "</td>" + "".join(f"<td>{r['summary'].get(m, float('nan')):.3f}</td>" for r in runs)
        + "</tr>" for m in METRICS if any(m in r["summary"] for r in runs))
    lat = "".join(
        f"<tr><td>{k} p50 / p95</td>" + "".join(
            f"<td>{r['latency'].get(k, {}).get('p50', 0):.2f} / {r['latency'].get(k, {}).get('p95', 0):.2f}</td>"
            for r in runs) + "</tr>" for k in ("evidence_s", "first_token_s", "total_s"))
    plots = ""
    if any(r["mode"] != "retrieval" for r in runs):
        plots = (f"<h2>Kwaliteit</h2><img src='{_bars(runs, MAIN, 'Hoofdmetrics')}'>"
                 f"<h2>Per vraagtype</h2><img src='{_per_type(runs)}'>"
                 f"<h2>Latency</h2><img src='{_latency(runs)}'>")
    else:
        plots = f"<h2>Retrieval</h2><img src='{_bars(runs, ['hit@1', 'hit@5', 'mrr@10'], 'Retrieval')}'>"
    failures = "".join(f"<h3>{html.escape(r['name'])}</h3>{_failures(r)}" for r in runs)
    page = f"""<!doctype html><html lang=nl><meta charset=utf-8><title>G40 eval</title>
<style>body{{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 10px;text-align:right}}
td:first-child{{text-align:left}}.bad{{color:#b00}}details{{margin:.4em 0}}img{{max-width:100%}}
pre{{white-space:pre-wrap;background:#f6f6f6;padding:1em;font-size:12px}}</style>
<h1>G40 assistent: eval-rapport</h1>
<p>{report['questions']} vragen uit {html.escape(Path(report['dataset']).name)}, {report['created']}.</p>
<table><tr><th>metric</th>{''.join(f'<th>{html.escape(r["name"])}</th>' for r in runs)}</tr>{rows}{lat}</table>
{plots}<h2>Mislukte vragen</h2>{failures}
<h2>Definities</h2><pre>{html.escape(METRIC_DOC or '')}</pre></html>"""
    (out / "report.html").write_text(page, encoding="utf-8")
    return md
