#!/usr/bin/env python3
"""The performance table of docs/performance.md from bench/gpu/perf.py's results JSON: one row per
model, batch size and precision of bench/perf/perf_models.py (rows without a measurement say so),
written between the ``<!-- perf-table -->`` markers of the page.

    python3 bench/perf/perf_report.py bench/perf/results/tensorrt-10.6-h200.json [--doc docs/performance.md]
"""

import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import perf_models  # noqa: E402

BEGIN, END = "<!-- perf-table:begin -->", "<!-- perf-table:end -->"
PRECISIONS = ("fp32", "fp16")


def fmt(v, f="%.3f"):
    return "–" if v is None else f % v


def _mb(e):
    return None if e.get("engine_bytes") is None else e["engine_bytes"] / 1e6


def markdown(cases, precisions=PRECISIONS):
    """The table: ``cases`` maps "<model>-b<batch>" to perf.py's result for it."""
    lines = [
        "| model | batch | precision | trtgen ms | ONNX→TRT ms | trtgen / ONNX | PyTorch ms | trtgen img/s "
        "| ONNX img/s | PyTorch img/s | build s trtgen / ONNX | engine MB trtgen / ONNX "
        "| max error trtgen / ONNX (max\\|ref\\|) |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for model, _size in perf_models.MODELS:
        for batch in perf_models.BATCHES:
            r = cases.get("%s-b%d" % (model, batch)) or {}
            for prec in precisions:
                row = r.get("rows", {}).get(prec)
                head = "| %s | %d | %s |" % (model, batch, prec.upper())
                if not row or "latency_ms" not in row.get("trtgen", {}):
                    lines.append(head + " not measured |" + " |" * 9)
                    continue
                t, o, p = row.get("trtgen", {}), row.get("onnx", {}), row.get("torch", {})
                onnx_ms = fmt(o.get("latency_ms")) if "onnx_error" not in r else "export failed"
                cells = [
                    fmt(t.get("latency_ms")),
                    onnx_ms,
                    fmt(row.get("ratio"), "%.2f×"),
                    fmt(p.get("latency_ms")),
                    fmt(t.get("throughput"), "%.0f"),
                    fmt(o.get("throughput"), "%.0f"),
                    fmt(p.get("throughput"), "%.0f"),
                    "%s / %s" % (fmt(t.get("build_s"), "%.1f"), fmt(o.get("build_s"), "%.1f")),
                    "%s / %s" % (fmt(_mb(t), "%.1f"), fmt(_mb(o), "%.1f")),
                    "%s / %s (%s)"
                    % (
                        fmt(t.get("max_abs_error"), "%.2g"),
                        fmt(o.get("max_abs_error"), "%.2g"),
                        fmt(r.get("max_ref"), "%.3g"),
                    ),
                ]
                lines.append(head + " " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", help="bench/gpu/perf.py's --json")
    ap.add_argument("--doc", default=os.path.join(ROOT, "docs", "performance.md"))
    a = ap.parse_args()
    with open(a.results, encoding="utf-8") as f:
        res = json.load(f)
    table = markdown(res["cases"])
    with open(a.doc, encoding="utf-8") as f:
        doc = f.read()
    if BEGIN not in doc or END not in doc:
        sys.exit("perf_report: %s has no %s ... %s markers" % (a.doc, BEGIN, END))
    doc = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: BEGIN + "\n" + table + END, doc, flags=re.S)
    with open(a.doc, "w", encoding="utf-8") as f:
        f.write(doc)
    print("wrote %s (%s, %s)" % (a.doc, res.get("tensorrt"), res.get("gpu")))


if __name__ == "__main__":
    main()
