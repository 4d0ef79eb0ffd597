#!/usr/bin/env python3
"""Writes docs/gpu-results.md from the JSON results of bench/gpu/run.sh (test/realtrt/run.py --json).

usage: bench/gpu/report.py RESULTS.json [...] [-o docs/gpu-results.md] [--note TEXT]...
                           [--dynamic-note TEXT]... [--int8-note TEXT]... [--fixtures DIR]

Several files (one run split over several calls) are merged; they must come from the same
TensorRT release and GPU. One row per network: FP32 and FP16 max abs error against PyTorch,
pass/fail, p50 latency, engine build time and size; a later file's row replaces an earlier one's.

A file with INT8 rows or dynamic-shape rows (NETWORK@SHAPE) is a deployment-options run: its rows
go to two more tables, not to the FP32/FP16 one. "Dynamic shapes": one row per network and run
shape (profile 0's min, opt, max and shapes between them), with the input shape the engine ran
at (the row's `shapes`, else the run of that label in the fixture's io.json under --fixtures).
"INT8 against FP16": per network with an INT8 row, its FP32, FP16 and INT8 rows of the same file
with the tolerance at the worst value (`bound`), latency and the INT8/FP16 speed ratio.
Standard library only.
"""

import argparse
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXTRA = "between min and max"


def die(msg):
    sys.exit(f"report.py: {msg}")


def is_deployment(run):
    """A run of the deployment options: it has INT8 rows or dynamic-shape rows (NETWORK@SHAPE)."""
    return any(r["precision"] == "int8" or "@" in r["network"] for r in run["rows"])


def err(r):
    return "" if r.get("max_abs_error") is None else f"{r['max_abs_error']:.3g}"


def ok(r):
    return "pass" if r["ok"] else "**FAIL**"


def ms(v):
    return f"{v:.4f}"


def secs(v):
    return f"{v:.2f}"


def kib(v):
    return f"{v / 1024:.0f} KiB"


def fp32_fp16_cells(f32, f16):
    """The FP32/FP16 table's cells after the first one(s): error, result per precision, then
    latency, build time and engine size as 'FP32 / FP16' pairs."""

    def cell(r, fmt):
        return fmt(r) if r else ""

    def pair(key, fmt):
        vals = [fmt(r[key]) if r and key in r else "–" for r in (f32, f16)]
        return " / ".join(vals) if any(v != "–" for v in vals) else ""

    return [
        cell(f32, err),
        cell(f32, ok),
        cell(f16, err),
        cell(f16, ok),
        pair("latency_ms", ms),
        pair("build_s", secs),
        pair("engine_bytes", kib),
    ]


FP32_FP16_HEAD = (
    "FP32 max abs error | FP32 | FP16 max abs error | FP16 | p50 latency FP32 / FP16 (ms) "
    "| engine build FP32 / FP16 (s) | engine size FP32 / FP16 |"
)


def note_of(r):
    return r.get("note") or "; ".join(r.get("notes", []))


def count(rows):
    passed = sum(1 for r in rows if r["ok"])
    return passed, len(rows) - passed


def main_table(runs):
    rows = {}
    for r in runs:
        for row in r["rows"]:
            rows.setdefault(row["network"], {})[row["precision"]] = row
    lines = ["| network | " + FP32_FP16_HEAD, "|---|---|---|---|---|---|---|---|"]
    every = []
    for name, precs in rows.items():
        f32, f16, other = precs.get("fp32"), precs.get("fp16"), precs.get("-")
        every += [r for r in (f32, f16, other) if r]
        if other and not f32 and not f16:
            lines.append(f"| {name} | | {ok(other)} | | | | | {note_of(other)} |")
            continue
        lines.append("| " + " | ".join([name, *fp32_fp16_cells(f32, f16)]) + " |")
    passed, failed = count(every)
    return lines + ["", f"**{passed} passed, {failed} failed.**", ""], (passed, failed)


def fixture_runs(fixtures, network):
    """{label: run} of a fixture's io.json (make_refs.py's dynamic-shape runs), {} when it has none."""
    path = os.path.join(fixtures, network, "io.json")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return {run["label"]: run for run in json.load(f).get("runs", []) if "label" in run}


def shape_text(shapes):
    return "; ".join(f"{name} {'×'.join(map(str, dims))}" for name, dims in shapes.items())


def dynamic_table(rows, fixtures, source):
    """The dynamic-shape rows (NETWORK@LABEL) of one run: one table row per network and shape."""
    order = {"min": 0, "opt": 1, "max": 2}
    shapes = {}
    for r in rows:
        if "@" not in r["network"]:
            continue
        net, label = r["network"].split("@", 1)
        entry = shapes.setdefault((net, label), {})
        entry[r["precision"]] = r
        if "shapes" in r:
            entry["shapes"] = r["shapes"]
    if not shapes:
        return []
    lines = [
        "### Dynamic shapes",
        "",
        "Networks with dynamic input dimensions (a `-1` in the spec and its `profiles`, "
        "[spec.md](spec.md#dynamic-shapes)): each engine holds the optimization profiles and is "
        "verified against PyTorch and timed (`--shape`) at profile 0's min, opt and max shapes and "
        f"at shapes {EXTRA}, one row per shape, from `{source}`. The harness runs the builder once "
        "per row, so each row's build time and engine size are those of its own build of the same "
        "engine.",
        "",
        "| network | run | input shape | " + FP32_FP16_HEAD,
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    keys = sorted(shapes, key=lambda k: (k[0], order.get(k[1], 3)))
    for net, label in keys:
        entry = shapes[(net, label)]
        dims = entry.get("shapes") or fixture_runs(fixtures, net).get(label, {}).get("shapes")
        if not dims:
            die(
                f"no shape for {net}@{label}: its rows have no 'shapes' and "
                f"{os.path.join(fixtures, net, 'io.json')} has no run labelled '{label}'"
            )
        run = label if label in order else f"{label} ({EXTRA})"
        cells = fp32_fp16_cells(entry.get("fp32"), entry.get("fp16"))
        lines.append("| " + " | ".join([net, run, shape_text(dims), *cells]) + " |")
    nets = {net for net, _ in keys}
    others = [r for r in rows if r["network"] in nets]
    if others:
        lines.append("")
        lines += [f"{r['network']}, {r['precision'].upper()}: {note_of(r)}." for r in others]
    return lines + [""]


def int8_table(run, source):
    """Per network with an INT8 row: its FP32, FP16 and INT8 rows of this one run."""
    by = {}
    for r in run["rows"]:
        by.setdefault(r["network"], {})[r["precision"]] = r
    nets = [n for n, p in by.items() if "int8" in p and "latency_ms" in p["int8"]]
    if not nets:
        return []
    tol = run["tolerances"]
    lines = [
        "### INT8 against FP16",
        "",
        "INT8 engines (`--int8 --calib-dir`, FP16 fallback; [int8.md](int8.md)) calibrated on the "
        "set `test/realtrt/prepare.mjs` stages (the reference input and seeded normal samples), "
        f"beside the FP32 and FP16 engines of the same run (`{source}`). The tolerance is "
        "atol + rtol·|pytorch| at the value with the largest error, with atol = rtol = "
        + ", ".join(f"{tol[p][0]:g} for {p.upper()}" for p in ("fp32", "fp16", "int8") if p in tol)
        + "; the margin is that tolerance over the max abs error.",
        "",
        "| network | precision | max abs error | result | tolerance at the worst value | margin "
        "| p50 latency (ms) | speed vs FP16 | engine build (s) | engine size |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for net in nets:
        f16 = by[net].get("fp16", {}).get("latency_ms")
        for prec in ("fp32", "fp16", "int8"):
            r = by[net].get(prec)
            if not r:
                continue
            e, bound = r.get("max_abs_error"), r.get("bound")
            margin = f"{bound / e:.0f}×" if e and bound else ""
            lat = r.get("latency_ms")
            speed = f"{f16 / lat:.2f}×" if f16 and lat else ""
            cells = [
                net,
                prec.upper(),
                err(r),
                ok(r),
                f"{bound:.3g}" if bound is not None else "",
                margin,
                ms(lat) if lat is not None else "",
                speed,
                secs(r["build_s"]) if "build_s" in r else "",
                kib(r["engine_bytes"]) if "engine_bytes" in r else "",
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", nargs="+")
    ap.add_argument("-o", "--output", default="docs/gpu-results.md")
    ap.add_argument("--note", action="append", default=[], help="a paragraph to add under the FP32/FP16 table")
    ap.add_argument("--dynamic-note", action="append", default=[], help="a paragraph under the dynamic-shape table")
    ap.add_argument("--int8-note", action="append", default=[], help="a paragraph under the INT8 table")
    ap.add_argument(
        "--fixtures",
        default=os.path.join(ROOT, "test", "simulate", "fixtures"),
        help="where the dynamic-shape fixtures' io.json (their run shapes) are (default: the repository's)",
    )
    a = ap.parse_args()

    runs = [json.load(open(p, encoding="utf-8")) for p in a.results]
    head = {(r["tensorrt"], r["gpu"]) for r in runs}
    if len(head) != 1:
        die(f"the results come from different releases or GPUs: {sorted(head)}")
    tensorrt, gpu = head.pop()
    date = max(r["date"] for r in runs)
    plain = [r for r in runs if not is_deployment(r)]
    deployment = [(p, r) for p, r in zip(a.results, runs) if is_deployment(r)]
    tol = (plain or runs)[0]["tolerances"]

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
    ]
    table, (passed, failed) = main_table(plain)
    lines += table + [n + "\n" for n in a.note]
    sections = []  # per deployment run: [heading, dynamic-shape table, INT8 table]
    summary = f"{passed} passed, {failed} failed"
    for path, run in deployment:
        p, f = count(run["rows"])
        summary += f"; {path}: {p} passed, {f} failed"
        whole = [r for r in run["rows"] if r["precision"] == "-"]
        heading = [
            f"## Deployment options: `{path}`",
            "",
            f"**{p} passed, {f} failed**"
            + "".join(f"; {r['network']}: {ok(r)} ({note_of(r)})" for r in whole)
            + ". The FP32/FP16 table above does not include this run's rows.",
            "",
        ]
        sections.append([heading, dynamic_table(run["rows"], a.fixtures, path), int8_table(run, path)])
    # each kind's notes go under the last table of that kind
    for kind, notes in ((1, a.dynamic_note), (2, a.int8_note)):
        last = [s for s in sections if s[kind]][-1:]
        if notes and not last:
            die(f"--{('dynamic', 'int8')[kind - 1]}-note: the results have no such table")
        for s in last:
            s[kind] = s[kind] + [n + "\n" for n in notes]
    for s in sections:
        lines += [line for part in s for line in part]
    with open(a.output, "w", encoding="utf-8") as f:
        f.write("\n".join(lines).rstrip() + "\n")
    print(f"wrote {a.output}: {summary}")


if __name__ == "__main__":
    main()
