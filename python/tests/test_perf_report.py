"""bench/perf/perf_report.py: the performance table of docs/performance.md from perf.py's JSON."""

import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench", "perf"))

import perf_report  # noqa: E402


def _case(ratio, bundle="b1"):
    eng = {"latency_ms": 1.0, "throughput": 100.0, "build_s": 2.0, "engine_bytes": 2_000_000, "max_abs_error": 1e-6}
    return {
        "bundle_id": bundle,
        "max_ref": 1.5,
        "rows": {"fp32": {"trtgen": dict(eng, latency_ms=ratio), "onnx": eng, "torch": eng, "ratio": ratio}},
    }


def test_every_model_batch_and_precision_has_a_row_and_unmeasured_ones_say_so():
    table = perf_report.markdown({"resnet18-b1": _case(0.98)})
    rows = [l for l in table.splitlines()[2:] if l]
    assert len(rows) == len(perf_report.perf_models.MODELS) * len(perf_report.perf_models.BATCHES) * 2
    assert "| resnet18 | 1 | FP32 | 0.980 | 1.000 | 0.98× |" in table
    assert "| resnet18 | 1 | FP16 | not measured |" in table


def test_repeat_puts_the_other_runs_ratio_beside_it_and_refuses_other_engines():
    table = perf_report.markdown({"resnet18-b1": _case(1.004)}, repeat={"resnet18-b1": _case(0.997)})
    assert "trtgen / ONNX (repeat)" in table
    assert "| 1.00× (1.00×) |" in table
    table = perf_report.markdown({"resnet18-b1": _case(1.03)}, repeat={"resnet18-b1": _case(0.95)})
    assert "| 1.03× (0.95×) |" in table
    with pytest.raises(ValueError, match="bundle_id"):
        perf_report.markdown({"resnet18-b1": _case(1.0)}, repeat={"resnet18-b1": _case(1.0, bundle="other")})


def test_the_command_rewrites_only_the_marked_table(tmp_path):
    doc = tmp_path / "perf.md"
    doc.write_text("before\n<!-- perf-table:begin -->\nold\n<!-- perf-table:end -->\nafter\n", encoding="utf-8")
    res = tmp_path / "r.json"
    res.write_text(json.dumps({"tensorrt": "TensorRT 10.6.0", "gpu": "H200", "cases": {"seedseg-b1": _case(0.9)}}))
    cmd = [sys.executable, os.path.join(ROOT, "bench", "perf", "perf_report.py"), str(res), "--doc", str(doc)]
    subprocess.run(cmd, check=True, capture_output=True)
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("before\n<!-- perf-table:begin -->\n| model |") and text.endswith(
        "<!-- perf-table:end -->\nafter\n"
    )
    assert "| seedseg | 1 | FP32 | 0.900 |" in text and "old" not in text
    bad = tmp_path / "bad.md"
    bad.write_text("no markers\n", encoding="utf-8")
    r = subprocess.run(cmd[:-1] + [str(bad)], capture_output=True, text=True)
    assert r.returncode != 0 and "markers" in r.stderr
