"""Self-contained HTML report (plots inlined as PNG) and a Markdown summary.

Each cell shows the splits side by side ("dev · test"): a metric that drops from dev to
test was fitted on dev.
"""

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

TABLE = ["fact_and_cited", "keypoint_recall", "report_coverage", "claim_precision",
         "refusal_correct", "hit@5", "total_s_p50", "total_s_p95"]
LATENCIES = ("evidence_s", "first_token_s", "total_s")


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _cell(run: dict[str, Any], splits: list[str], metric: str, kind: str | None) -> str:
    values = []
    for s in splits:
        agg = run["splits"].get(s, {})
        summary = agg.get("summary", {}) if kind is None else agg.get("by_type", {}).get(kind, {})
        v = summary.get(metric)
        values.append("–" if v is None else (f"{v:.0f}" if metric in ("n", "invalid_citations")
                                             else f"{v:.1f}" if metric.endswith("_s_p50")
                                             or metric.endswith("_s_p95") else f"{v:.2f}"))
    return " · ".join(values)


def _latency_cell(run: dict[str, Any], splits: list[str], key: str) -> str:
    cells = []
    for s in splits:
        lat = run["splits"].get(s, {}).get("latency", {}).get(key)
        cells.append(f"{lat['p50']:.1f}/{lat['p95']:.1f}" if lat else "–")
    return " · ".join(cells)


def tables(report: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) per run: one row per question kind and one for all."""
    out = []
    for run in report["runs"]:
        splits = list(run["splits"])
        kinds = list(dict.fromkeys(t for s in splits for t in run["splits"][s]["by_type"]))
        metrics = [m for m in ["n", *TABLE] if any(
            m in run["splits"][s]["summary"] for s in splits)]
        header = ["soort", *metrics]
        rows = [[k, *(_cell(run, splits, m, k) for m in metrics)] for k in kinds]
        rows.append(["**alle**", *(_cell(run, splits, m, None) for m in metrics)])
        for key in LATENCIES:
            if any(key in run["splits"][s]["latency"] for s in splits):
                rows.append([f"{key} p50/p95", _latency_cell(run, splits, key)]
                            + [""] * (len(metrics) - 1))
        out.append((f"{run['name']} ({' · '.join(splits)})", header, rows))
    return out


def _markdown(report: dict[str, Any]) -> str:
    lines = [f"## Eval: {report['questions']} vragen ({report['dataset']}), "
             f"grader: {report.get('grader', '')}", ""]
    for title, header, rows in tables(report):
        lines += [f"### {title}", "", "| " + " | ".join(header) + " |",
                  "|---" * len(header) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        lines.append("")
    return "\n".join(lines)


def _bars(report: dict[str, Any]) -> str:
    bars = [(f"{run['name']} {s}", agg["summary"]) for run in report["runs"]
            for s, agg in run["splits"].items()]
    metrics = [m for m in TABLE if any(m in b for _, b in bars) and not m.startswith("total")]
    fig, ax = plt.subplots(figsize=(10, 3.8))
    width = 0.8 / max(1, len(bars))
    for i, (label, summary) in enumerate(bars):
        ax.bar([x + i * width for x in range(len(metrics))],
               [summary.get(m, 0.0) for m in metrics], width, label=label)
    ax.set_xticks([x + width * (len(bars) - 1) / 2 for x in range(len(metrics))], metrics,
                  rotation=20, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_title("Hoofdmetrics per run en split")
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    return _png(fig)


def _failures(run: dict[str, Any]) -> str:
    parts = []
    for row in run["rows"]:
        s = row["scores"]
        failed = (not s.get("refusal_correct", True)) or s.get("fact_and_cited") is False or \
            s.get("keypoint_recall", 1.0) < 0.5 or s.get("claim_precision", 1.0) < 1.0
        if not failed:
            continue
        res, item = row["result"], row["item"]
        cites = "".join(f"<li>[{c.get('n')}] {html.escape(str(c.get('source')))}: "
                        f"{html.escape(str(c.get('text', ''))[:300])}</li>" for c in res.get("citations", []))
        verdicts = "".join(
            f"<li>{'✓' if v['supported'] else '✗'} {html.escape(v['claim'])} "
            f"<i>({html.escape(v['reason'])})</i></li>" for v in s.get("verdicts", []))
        bad = ", ".join(k for k, v in s.items() if v is False or (
            k in ("keypoint_recall", "claim_precision") and isinstance(v, float) and v < 1.0))
        parts.append(
            f"<details><summary><b>{row['id']}</b> ({row['split']}, {row['type']}) "
            f"{html.escape(item['question'])} — <span class=bad>{html.escape(bad)}</span></summary>"
            f"<p><b>Antwoord:</b> {html.escape(str(res.get('answer', '')))}</p><ul>{cites}</ul>"
            f"<p><b>Claims:</b></p><ul>{verdicts}</ul>"
            f"<p><b>Verwacht:</b> {html.escape(str(item.get('answer', '')))} "
            f"<i>feiten {html.escape(str(item.get('expected_facts') or item.get('key_points')))}, "
            f"bronnen {item.get('gold_sources')}</i></p></details>")
    return "\n".join(parts) or "<p>Geen.</p>"


def _html_table(title: str, header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c.strip('*'))}</td>" for c in r) + "</tr>"
                   for r in rows)
    return f"<h3>{html.escape(title)}</h3><table><tr>{head}</tr>{body}</table>"


def write_report(report: dict[str, Any], out: Path) -> str:
    """Write report.html and summary.md into ``out``; returns the Markdown summary."""
    md = _markdown(report)
    (out / "summary.md").write_text(md + "\n", encoding="utf-8")
    tables_html = "".join(_html_table(*t) for t in tables(report))
    plot = "" if all(r["mode"] == "retrieval" for r in report["runs"]) else \
        f"<h2>Kwaliteit</h2><img alt='Hoofdmetrics per run en split' src='{_bars(report)}'>"
    failures = "".join(f"<h3>{html.escape(r['name'])}</h3>{_failures(r)}" for r in report["runs"])
    page = f"""<!doctype html><html lang=nl><meta charset=utf-8><title>G40 eval</title>
<style>body{{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 10px;text-align:right}}
td:first-child{{text-align:left}}.bad{{color:#a00}}details{{margin:.4em 0}}img{{max-width:100%}}
pre{{white-space:pre-wrap;background:#f6f6f6;padding:1em;font-size:12px}}</style>
<h1>G40 assistent: eval-rapport</h1>
<p>{report['questions']} vragen ({html.escape(report['dataset'])}), {report['created']};
grader: {html.escape(report.get('grader', ''))}. Elke cel: dev · test.</p>
<h2>Per soort vraag</h2>{tables_html}
{plot}<h2>Mislukte of deels gesteunde antwoorden</h2>{failures}
<h2>Definities</h2><pre>{html.escape(METRIC_DOC or '')}</pre>
<p>Metrics: {', '.join(METRICS)}</p></html>"""
    (out / "report.html").write_text(page, encoding="utf-8")
    return md
