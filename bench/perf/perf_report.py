#!/usr/bin/env python3
"""The performance table of docs/performance.md from bench/gpu/perf.py's results JSON: one row per
model, batch size and precision of bench/perf/perf_models.py (rows without a measurement say so),
written between the ``<!-- perf-table -->`` markers of the page.

    python3 bench/perf/perf_report.py bench/perf/results/tensorrt-10.6-h200.json [--doc docs/performance.md]
        [--repeat bench/perf/results/tensorrt-10.6-h200-timing1.json]

--repeat: another timing run of the same engines (perf.py --phase time --force); its latency
ratio is shown in parentheses beside the main run's, which shows how much of a ratio is
run-to-run noise.
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


def _ratio(r, prec):
    return ((r or {}).get("rows", {}).get(prec) or {}).get("ratio")


def markdown(cases, precisions=PRECISIONS, repeat=None):
    """The table: ``cases`` maps "<model>-b<batch>" to perf.py's result for it; ``repeat``, the
    same for another timing run of the same engines (its ratio in parentheses)."""
    same_engines = repeat and all(
        (repeat.get(k) or {}).get("bundle_id") in (None, r.get("bundle_id")) for k, r in cases.items()
    )
    if repeat and not same_engines:
        raise ValueError("--repeat: the other run timed other bundles (bundle_id differs)")
    lines = [
        "| model | batch | precision | trtgen ms | ONNX→TRT ms | trtgen / ONNX%s | PyTorch ms"
        % (" (repeat)" if repeat else "")
        + " | trtgen img/s "
        "| ONNX img/s | PyTorch img/s | build s trtgen / ONNX | engine MB trtgen / ONNX "
        "| max error trtgen / ONNX (max\\|ref\\|) |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for model, _size in perf_models.MODELS:
        for batch in perf_models.BATCHES:
            key = "%s-b%d" % (model, batch)
            r = cases.get(key) or {}
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
                    fmt(row.get("ratio"), "%.2f×")
                    + (" (%s)" % fmt(_ratio(repeat.get(key), prec), "%.2f×") if repeat else ""),
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
    ap.add_argument("--repeat", help="another timing run of the same engines (perf.py's --json)")
    a = ap.parse_args()
    with open(a.results, encoding="utf-8") as f:
        res = json.load(f)
    repeat = None
    if a.repeat:
        with open(a.repeat, encoding="utf-8") as f:
            repeat = json.load(f)["cases"]
    try:
        table = markdown(res["cases"], repeat=repeat)
    except ValueError as e:
        sys.exit("perf_report: %s" % e)
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
