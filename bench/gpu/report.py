#!/usr/bin/env python3
"""Writes docs/gpu-results.md from the JSON results of bench/gpu/run.sh (test/realtrt/run.py --json).

usage: bench/gpu/report.py RESULTS.json [...] [-o docs/gpu-results.md] [--note TEXT]...

Several files (one run split over several calls) are merged; they must come from the same
TensorRT release and GPU. One row per network: FP32 and FP16 max abs error against PyTorch,
pass/fail, p50 latency, engine build time and size. Standard library only.
"""

import argparse
import json
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", nargs="+")
    ap.add_argument("-o", "--output", default="docs/gpu-results.md")
    ap.add_argument("--note", action="append", default=[], help="a paragraph to add under the table")
    a = ap.parse_args()

    runs = [json.load(open(p, encoding="utf-8")) for p in a.results]
    head = {(r["tensorrt"], r["gpu"]) for r in runs}
    if len(head) != 1:
        sys.exit(f"report.py: the results come from different releases or GPUs: {sorted(head)}")
    tensorrt, gpu = head.pop()
    date = max(r["date"] for r in runs)
    tol = runs[0]["tolerances"]
    rows = {}
    for r in runs:
        for row in r["rows"]:
            rows.setdefault(row["network"], {})[row["precision"]] = row

    def cell(row, fmt):
        return fmt(row) if row else ""

    lines = [
        "# GPU verification results",
        "",
        f"{tensorrt} on an {gpu.split(',')[0]} (driver {gpu.split(',')[1].strip() if ',' in gpu else '?'}), "
        f"{date}. Written by `bench/gpu/report.py` from `{'`, `'.join(a.results)}`.",
        "",
        "Every generated example and every simulation fixture, compiled with CMake and `-Werror` "
        "against the real TensorRT headers and libraries, built as an FP32 engine (TF32 off, the "
        "builder's default) and an FP16 engine (`--fp16`), run once on PyTorch's input and compared "
        "with PyTorch's output (`--input`/`--expect`, every output), then timed (`--bench 200`, p50). "
        f"Pass: every value within |engine − pytorch| ≤ atol + rtol·|pytorch|, atol = rtol = {tol['fp32'][0]:g} "
        f"for FP32 and {tol['fp16'][0]:g} for FP16. The PyTorch references come from "
        "`test/simulate/fixtures/make_refs.py` (PyTorch on the CPU, float32). How to rerun: "
        "[workflow.md](workflow.md#verifying-on-a-gpu-benchgpu).",
        "",
        "| network | FP32 max abs error | FP32 | FP16 max abs error | FP16 | p50 latency FP32 / FP16 (ms) "
        "| engine build FP32 / FP16 (s) | engine size FP32 / FP16 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    passed = failed = 0
    for name, precs in rows.items():
        f32, f16 = precs.get("fp32"), precs.get("fp16")
        other = precs.get("-")
        for r in (f32, f16, other):
            if r:
                passed, failed = (passed + 1, failed) if r["ok"] else (passed, failed + 1)

        def err(r):
            return "" if r.get("max_abs_error") is None else f"{r['max_abs_error']:.3g}"

        def ok(r):
            return "pass" if r["ok"] else "**FAIL**"

        def pair(key, fmt):
            vals = [fmt(r[key]) if r and key in r else "–" for r in (f32, f16)]  # noqa: B023 (called inside the loop)
            return " / ".join(vals) if any(v != "–" for v in vals) else ""

        if other and not f32 and not f16:
            note = other.get("note") or "; ".join(other.get("notes", []))
            lines.append(f"| {name} | | {ok(other)} | | | | | {note} |")
            continue
        lines.append(
            "| "
            + " | ".join(
                [
                    name,
                    cell(f32, err),
                    cell(f32, ok),
                    cell(f16, err),
                    cell(f16, ok),
                    pair("latency_ms", lambda v: f"{v:.4f}"),
                    pair("build_s", lambda v: f"{v:.2f}"),
                    pair("engine_bytes", lambda v: f"{v / 1024:.0f} KiB"),
                ]
            )
            + " |"
        )
    lines += ["", f"**{passed} passed, {failed} failed.**", ""]
    lines += [n + "\n" for n in a.note]
    with open(a.output, "w", encoding="utf-8") as f:
        f.write("\n".join(lines).rstrip() + "\n")
    print(f"wrote {a.output}: {passed} passed, {failed} failed")


if __name__ == "__main__":
    main()
