"""bench/gpu/report.py: docs/gpu-results.md from run.py's JSON results, here from small synthetic
ones: the FP32/FP16 table, and a deployment-options run's dynamic-shape and INT8 tables."""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPORT = os.path.join(ROOT, "bench", "gpu", "report.py")
HEAD = {"tensorrt": "TensorRT 10.6.0", "gpu": "NVIDIA H200, 580.159.04", "date": "2026-11-30"}
TOL = {"fp32": [0.0001, 0.0001], "fp16": [0.02, 0.02]}


def row(network, prec, err, ms, build=1.0, size=2048, bound=None, ok=True, **extra):
    r = {"network": network, "precision": prec, "ok": ok, "notes": [], "build_s": build, "engine_bytes": size}
    r.update({"max_abs_error": err, "latency_ms": ms, **extra})
    if bound is not None:
        r["bound"] = bound
    return r


PLAIN = {
    **HEAD,
    "rows": [
        {"network": "all 2 in one program", "precision": "-", "ok": True, "note": "linked whole"},
        row("tiny", "fp32", 1e-7, 0.05, build=1.5),
        row("tiny", "fp16", 8e-4, 0.06, build=9.0),
        row("other", "fp32", 2e-7, 0.01, ok=False),
    ],
    "tolerances": TOL,
}
DEPLOY = {
    **HEAD,
    "rows": [
        {"network": "all 2 in one program", "precision": "-", "ok": True, "note": "linked whole"},
        row("tiny", "fp32", 1.2e-7, 0.0556, build=2.0, bound=0.00025),
        row("tiny", "fp16", 8e-4, 0.05, build=13.0, bound=0.02),
        row("tiny", "int8", 0.005, 0.04, build=40.0, size=4096, bound=0.1),
        row("dyn@max", "fp32", 3e-8, 0.043),
        row("dyn@min", "fp32", 1e-8, 0.041),
        row("dyn@b2", "fp32", 2e-8, 0.042),
        row("dyn@opt", "fp32", 2e-8, 0.044, shapes={"image": [4, 3, 16, 16]}),
        row("dyn@min", "fp16", 1e-8, 0.031),
        row("dyn@opt", "fp16", 1e-4, 0.032, shapes={"image": [4, 3, 16, 16]}),
        row("dyn@max", "fp16", 3e-8, 0.033, ok=False),
        row("dyn@b2", "fp16", 2e-8, 0.034),
        {"network": "dyn", "precision": "int8", "ok": True, "note": "skipped: no calibration set"},
    ],
    "tolerances": {**TOL, "int8": [0.1, 0.1]},
}
# the fixture's run shapes (make_refs.py); opt's rows carry their own, which win
IO = {
    "runs": [
        {"label": "min", "profile": 0, "shapes": {"image": [1, 3, 16, 16]}},
        {"label": "opt", "profile": 0, "shapes": {"image": [9, 9, 9, 9]}},
        {"label": "max", "profile": 0, "shapes": {"image": [8, 3, 16, 16]}},
        {"label": "b2", "profile": 0, "shapes": {"image": [2, 3, 16, 16]}},
    ]
}


def report(tmp_path, runs, *args, io=IO):
    paths = []
    for k, run in enumerate(runs):
        p = tmp_path / f"run{k + 1}.json"
        p.write_text(json.dumps(run))
        paths.append(str(p))
    fixtures = tmp_path / "fixtures"
    (fixtures / "dyn").mkdir(parents=True, exist_ok=True)
    (fixtures / "dyn" / "io.json").write_text(json.dumps(io))
    out = tmp_path / "gpu-results.md"
    cmd = [sys.executable, REPORT, *paths, "-o", str(out), "--fixtures", str(fixtures), *args]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    return p, (out.read_text() if out.exists() and p.returncode == 0 else "")


def table(page, heading):
    """The table rows under ``heading`` (its header and separator lines dropped)."""
    rest = page.split(heading + "\n", 1)[1]
    return rest.split("\n\n| ", 1)[1].split("\n\n", 1)[0].splitlines()[2:]


def test_fp32_fp16_table_ignores_a_deployment_run(tmp_path):
    p, alone = report(tmp_path, [PLAIN])
    assert p.returncode == 0, p.stderr
    assert ": 3 passed, 1 failed\n" in p.stdout and "## Deployment options" not in alone
    assert "| tiny | 1e-07 | pass | 0.0008 | pass | 0.0500 / 0.0600 | 1.50 / 9.00 | 2 KiB / 2 KiB |" in alone
    p, both = report(tmp_path, [PLAIN, DEPLOY], "--note", "A note.")
    assert p.returncode == 0, p.stderr
    assert "run2.json: 12 passed, 1 failed" in p.stdout
    # the first part of the page differs only in the header's list of files
    a, b = alone.splitlines(), both.split("## Deployment options", 1)[0].splitlines()
    assert b[2] == a[2][: -len(".")] + f", `{tmp_path / 'run2.json'}`."
    assert b[:2] + b[3:] == a[:2] + a[3:] + ["", "A note.", ""]
    assert "**12 passed, 1 failed**; all 2 in one program: pass (linked whole)" in both


def test_dynamic_shape_table(tmp_path):
    p, page = report(tmp_path, [PLAIN, DEPLOY], "--dynamic-note", "Dynamic note.")
    assert p.returncode == 0, p.stderr
    rows = table(page, "### Dynamic shapes")
    assert rows == [
        "| dyn | min | image 1×3×16×16 | 1e-08 | pass | 1e-08 | pass | 0.0410 / 0.0310 | 1.00 / 1.00 | 2 KiB / 2 KiB |",
        "| dyn | opt | image 4×3×16×16 | 2e-08 | pass | 0.0001 | pass | 0.0440 / 0.0320 | 1.00 / 1.00 | 2 KiB / 2 KiB |",
        "| dyn | max | image 8×3×16×16 | 3e-08 | pass | 3e-08 | **FAIL** | 0.0430 / 0.0330 | 1.00 / 1.00 | 2 KiB / 2 KiB |",
        "| dyn | b2 (between min and max) | image 2×3×16×16 | 2e-08 | pass | 2e-08 | pass | 0.0420 / 0.0340 "
        "| 1.00 / 1.00 | 2 KiB / 2 KiB |",
    ]
    after = page.split("### Dynamic shapes", 1)[1].split("### INT8", 1)[0]
    assert "dyn, INT8: skipped: no calibration set.\n\nDynamic note.\n" in after


def test_int8_table(tmp_path):
    p, page = report(tmp_path, [PLAIN, DEPLOY], "--int8-note", "INT8 note.")
    assert p.returncode == 0, p.stderr
    assert table(page, "### INT8 against FP16") == [
        "| tiny | FP32 | 1.2e-07 | pass | 0.00025 | 2083× | 0.0556 | 0.90× | 2.00 | 2 KiB |",
        "| tiny | FP16 | 0.0008 | pass | 0.02 | 25× | 0.0500 | 1.00× | 13.00 | 2 KiB |",
        "| tiny | INT8 | 0.005 | pass | 0.1 | 20× | 0.0400 | 1.25× | 40.00 | 4 KiB |",
    ]
    assert "atol = rtol = 0.0001 for FP32, 0.02 for FP16, 0.1 for INT8" in page
    assert page.endswith("| 40.00 | 4 KiB |\n\nINT8 note.\n")


def test_errors(tmp_path):
    p, _ = report(tmp_path, [PLAIN, DEPLOY], io={"runs": [IO["runs"][0]]})
    assert p.returncode != 0 and "no shape for dyn@max" in p.stderr and "has no run labelled 'max'" in p.stderr
    p, _ = report(tmp_path, [PLAIN], "--int8-note", "x")
    assert p.returncode != 0 and "--int8-note: the results have no such table" in p.stderr
    p, _ = report(tmp_path, [PLAIN, {**DEPLOY, "gpu": "NVIDIA A100, 1"}])
    assert p.returncode != 0 and "different releases or GPUs" in p.stderr
