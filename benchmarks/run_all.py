"""All benchmarks in one run: `python -m benchmarks.run_all` (or `make bench`).

Writes benchmarks/results.json and benchmarks/results.md. Each part runs in its own process so
memory peaks are measured per part and one model never slows another's timing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
PARTS = ["index", "retrieval", "cold", "prefix", "scale", "answer", "load"]


def run_part(name: str, args: list[str]) -> dict[str, object]:
    cmd = [sys.executable, "-m", f"benchmarks.bench_{name}", *args]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE.parent)
    if proc.returncode != 0:
        print(proc.stderr[-3000:], file=sys.stderr)
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall_s"] = round(time.perf_counter() - t0, 1)
    return result


def markdown(results: dict[str, dict[str, object]]) -> str:
    lines = ["| benchmark | figure | value | baseline | ratio (ours / baseline) |", "|---|---|---|---|---|"]
    for part, data in results.items():
        rows: list[dict[str, Any]] = data.get("rows", [])  # type: ignore[assignment]
        for row in rows:
            base = row.get("baseline")
            ratio = f"{row['value'] / base:.2f}" if base else ""
            lines.append(f"| {part} | {row['name']} | {row['value']} {row.get('unit', '')} | "
                         f"{'' if base is None else base} | {ratio} |")
        if "error" in data:
            lines.append(f"| {part} | error | {data['error']} | | |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", choices=PARTS, help="Run only these parts.")
    parser.add_argument("--quick", action="store_true", help="Smaller sizes (smoke run).")
    opts = parser.parse_args()
    out = HERE / "results.json"
    results: dict[str, dict[str, object]] = json.loads(out.read_text()) if out.exists() else {}
    for part in opts.only or PARTS:
        print(f"== {part}", file=sys.stderr)
        results[part] = run_part(part, ["--quick"] if opts.quick else [])
        results[part]["measured"] = time.strftime("%Y-%m-%dT%H:%M:%S")
        out.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    md = markdown(results)
    (HERE / "results.md").write_text(md + "\n")
    print(md)


if __name__ == "__main__":
    main()
