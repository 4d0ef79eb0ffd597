"""The model-zoo workflow (bench/zoo/run.py) on three tiny torchvision models at 32x32, as CI's
fast subset of docs/model-zoo.md; and docs/numerics.md's claim that the default tolerance passes
a correct deep net but fails a wrong one (one weight tensor scaled by 1 %)."""

import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import pytest

pytest.importorskip("torchvision", reason="torchvision is not installed (Debian: python3-torchvision)")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench", "zoo"))

import portable  # noqa: E402
import run as zoo_run  # noqa: E402
import zoo  # noqa: E402
from trtgen_export.wts import read_wts, write_wts  # noqa: E402

pytestmark = pytest.mark.skipif(
    not os.path.exists(os.path.join(ROOT, "dist", "cli", "main.js")) or shutil.which("node") is None,
    reason="the trtgen CLI is not built (npm run build)",
)


def test_lists_every_torchvision_model():
    names = [n for n, _, _ in zoo.list_models()]
    assert {"resnet18", "inception_v3", "vit_b_16", "fcn_resnet50", "lraspp_mobilenet_v3_large"} <= set(names)
    assert not {"get_model", "get_weight", "list_models"} & set(names)
    assert len(names) >= 84
    assert zoo.input_size("inception_v3", 32) == 75 and zoo.input_size("vit_b_16") == 224
    assert zoo.input_size("resnet18", 32) == 32


def test_batchnorm_statistics_are_calibrated():
    import torch
    import torchvision

    m = zoo.build(torchvision.models.resnet18, 32)
    assert not m.training
    bn = m.layer4[1].bn2
    assert not torch.allclose(bn.running_var, torch.ones_like(bn.running_var))
    assert bn.momentum == 0.1  # restored after calibration


@pytest.mark.parametrize("name", ["resnet18", "mobilenet_v3_small", "squeezenet1_1"])
def test_zoo_workflow(name, tmp_path):
    r = zoo_run.run_model(name, 32, str(tmp_path), time.time() + 120, 0)
    assert (r["export"], r.get("check"), r.get("emit"), r.get("simulate")) == ("ok", "ok", "ok", "ok"), r
    assert r["custom"] == 0 and r["layers"] > 40 and r["depth"] > 40
    assert r["max_abs_error"] < r["atol"]
    if name != "resnet18":
        return
    # a wrong network must still fail: one convolution's weights 1 % off
    tensors = read_wts(str(tmp_path / "model.wts"))
    bad = [(n, a * np.float32(1.01) if n == "layer3.0.conv1.weight" else a) for n, a in tensors]
    write_wts(str(tmp_path / "bad.wts"), bad)
    p = subprocess.run(
        zoo_run.TRTGEN + ["simulate", "spec.yaml", "--wts", "bad.wts", "--input", "ref", "--expect", "ref"],
        cwd=str(tmp_path),
        capture_output=True,
        text=True,
    )
    assert p.returncode == 1, p.stdout + p.stderr
    assert "FAIL" in p.stdout


def test_gpu_bundle(tmp_path, monkeypatch):
    """The bundle for the GPU run (docs/model-zoo.md): sources, recipe that regenerates the
    exported .wts byte for byte, references; a recipe that does not is a row failure."""
    work, bundles = tmp_path / "work", tmp_path / "bundles"
    work.mkdir()
    r = zoo_run.run_model("squeezenet1_1", 32, str(work), time.time() + 120, 0, bundle_dir=str(bundles))
    assert r["gpu_bundle"] == "ok", r
    b = bundles / "squeezenet1_1"
    meta = json.loads((b / "bundle.json").read_text())
    assert meta["stem"] and (b / "src" / "CMakeLists.txt").exists() and (b / "spec.yaml").exists()
    assert meta["io"]["inputs"] == [
        {"name": meta["io"]["inputs"][0]["name"], "dtype": "float32", "shape": [1, 3, 32, 32]}
    ]
    assert (b / meta["verify"]["inputs"][meta["io"]["inputs"][0]["name"]]).stat().st_size == 4 * 3 * 32 * 32
    assert (b / meta["verify"]["expected"][meta["io"]["outputs"][0]["name"]]).stat().st_size == 4 * 1000
    recipe = json.loads((b / "recipe.json").read_text())
    assert sum("scale" in t for t in recipe["tensors"]) >= 20  # the convolutions' weights are generated
    assert (b / "literals.bin").stat().st_size < 100_000  # biases and small tensors only
    portable.main([str(b / "recipe.json"), "-o", str(tmp_path / "again.wts")])
    assert (tmp_path / "again.wts").read_bytes() == (work / "model.wts").read_bytes()

    # a recipe that does not regenerate the exported file: the row says so, no bundle is left
    real = portable.read_own_wts

    def off_by_one_ulp(path):
        entries = real(path)
        name, arr = entries[-1]
        entries[-1] = (name, (arr.view(np.uint32) + np.uint32(1)).view(np.float32))
        return entries

    monkeypatch.setattr(portable, "read_own_wts", off_by_one_ulp)
    r2 = {"model": "squeezenet1_1", "size": 32, "params": r["params"]}
    zoo_run.write_bundle(r2, str(work), str(b), {}, 0, None)
    assert r2["gpu_bundle"] == "fail"
    assert r2["gpu_bundle_reason"].startswith(
        "the .wts regenerated from the recipe differs from the exported one at byte"
    )
    assert not b.exists() and not (bundles / "squeezenet1_1.tmp").exists()


def test_gpu_results_merge(tmp_path, monkeypatch):
    """bench/gpu/zoo.py's JSON becomes the table's GPU columns, only for the weights it verified."""
    results = tmp_path / "results"
    results.mkdir()
    monkeypatch.setattr(zoo_run, "RESULTS", str(results))
    monkeypatch.setattr(zoo_run, "GPU_RESULTS", str(results / "gpu.json"))
    monkeypatch.setattr(zoo_run, "TABLE", str(tmp_path / "model-zoo.md"))
    for name, bundle_id in (("squeezenet1_1", "aaaa"), ("resnet18", "bbbb"), ("alexnet", None), ("vgg11", "cccc")):
        row = {"model": name, "size": 64, "export": "ok", "emit": "ok", "simulate": "ok", "gpu_bundle_id": bundle_id}
        (results / (name + ".json")).write_text(json.dumps(row))
    gpu = {
        "tensorrt": "TensorRT 10.6.0",
        "gpu": "NVIDIA H200, 565.57",
        "date": "2026-11-30",
        "verified": True,
        "opt_level": 1,
        "models": {
            "squeezenet1_1": {
                "bundle_id": "aaaa",
                "rows": {
                    "fp32": {"ok": True, "max_abs_error": 1.5e-6, "bound": 2.4e-4, "notes": []},
                    "fp16": {
                        "ok": False,
                        "max_abs_error": 0.5,
                        "bound": 0.06,
                        "pytorch_error": 0.3,
                        "notes": ["verify FAILED"],
                    },
                },
            },
            "vgg11": {
                "bundle_id": "cccc",
                "rows": {
                    "fp32": {"ok": True, "by": "parity", "max_abs_error": 2.0, "bound": 1.0, "parity_bound": 4.0},
                    "fp16": {"ok": True, "by": "bound", "max_abs_error": 0.01, "bound": 0.1, "pytorch_error": 0.01},
                },
            },
            "resnet18": {"bundle_id": "old", "rows": {"fp32": {"ok": True, "max_abs_error": 1e-6, "bound": 1e-4}}},
        },
    }
    (tmp_path / "gpu.json").write_text(json.dumps(gpu))
    monkeypatch.setattr(sys, "argv", ["run.py", "--gpu-results", str(tmp_path / "gpu.json")])
    zoo_run.main()
    table = (tmp_path / "model-zoo.md").read_text()
    text = " ".join(table.split())  # the paragraph is wrapped
    assert "GPU results: TensorRT 10.6.0 on NVIDIA H200, 565.57, 2026-11-30, builder --opt-level 1" in text
    assert "2 models pass in FP32, 1 in FP16" in text
    assert "‡: outside that bound, but within 4× of PyTorch" in text
    assert (
        "| pass 1.5e-06 / 0.00024 | **FAIL** 0.5 / 0.06 (PyTorch 0.3) |"
        in [l for l in table.splitlines() if "squeezenet1_1" in l][0]
    )
    assert "| pass‡ 2 / 4 | pass 0.01 / 0.1 |" in [l for l in table.splitlines() if "| vgg11 |" in l][0]
    assert "| stale | stale |" in [l for l in table.splitlines() if "| resnet18 |" in l][0]
    assert "| – | – |" in [l for l in table.splitlines() if "| alexnet |" in l][0]
    assert json.loads((results / "gpu.json").read_text())["models"]["squeezenet1_1"]["bundle_id"] == "aaaa"

    # results that verified nothing (TensorRT-RTX) or are not zoo.py's are refused
    (tmp_path / "rtx.json").write_text(json.dumps(dict(gpu, verified=False, tensorrt="TensorRT-RTX 1.7.1")))
    with pytest.raises(SystemExit, match="verified nothing"):
        zoo_run.load_gpu_results(str(tmp_path / "rtx.json"))
    (tmp_path / "other.json").write_text(json.dumps({"rows": []}))
    with pytest.raises(SystemExit, match="not written by bench/gpu/zoo.py"):
        zoo_run.load_gpu_results(str(tmp_path / "other.json"))


RTX_ROOT = os.path.join(os.environ.get("TRTGEN_CACHE") or os.path.expanduser("~/.cache/trtgen"), "tensorrt-rtx")


@pytest.mark.skipif(
    not os.path.exists(os.path.join(RTX_ROOT, "include", "NvInferVersion.h")) or shutil.which("cmake") is None,
    reason="TensorRT-RTX is not installed (scripts/fetch-tensorrt.sh rtx) or CMake is missing",
)
def test_gpu_run_step_with_tensorrt_rtx(tmp_path):
    """bench/gpu/zoo.py on one bundle with TensorRT-RTX (no GPU): the builder compiles with
    -Werror, the .wts comes from the recipe, both engines build, nothing claims verification;
    a second call resumes (nothing left to run)."""
    work, stage = tmp_path / "work", tmp_path / "stage"
    work.mkdir()
    r = zoo_run.run_model("squeezenet1_1", 32, str(work), time.time() + 120, 0, bundle_dir=str(stage / "cases"))
    assert r["gpu_bundle"] == "ok", r
    cmd = [sys.executable, os.path.join(ROOT, "bench", "gpu", "zoo.py"), str(stage), "--tensorrt-root", RTX_ROOT]
    cmd += ["--build-dir", str(tmp_path / "build"), "--jobs", "1", "--compile-jobs", "2", "--opt-level", "0"]
    cmd += ["--json", str(tmp_path / "out.json")]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, p.stdout + p.stderr
    out = json.loads((tmp_path / "out.json").read_text())
    assert out["verified"] is False and out["tensorrt"].startswith("TensorRT-RTX") and out["opt_level"] == 0
    m = out["models"]["squeezenet1_1"]
    assert m["bundle_id"] == r["gpu_bundle_id"]
    for prec in ("fp32", "fp16"):
        row = m["rows"][prec]
        assert row["ok"] and row["engine_bytes"] > 0, row
        assert "not verified: TensorRT-RTX" in row["notes"][0] and "max_abs_error" not in row
    assert not (tmp_path / "build" / "work" / "squeezenet1_1").exists()  # .wts and engines deleted
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert p.returncode == 0 and "1 models selected, 0 to run" in p.stdout, p.stdout + p.stderr
    with pytest.raises(SystemExit, match="verified nothing"):
        zoo_run.load_gpu_results(str(tmp_path / "out.json"))


def _gpu_zoo():
    import importlib.util

    spec = importlib.util.spec_from_file_location("gpu_zoo", os.path.join(ROOT, "bench", "gpu", "zoo.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_torch_reference(tmp_path):
    """bench/gpu/torch_ref.py rebuilds the bundle's model from its recipe and reproduces the
    float64 reference (run here on the CPU); a reference of other weights is not "consistent",
    a recipe that lacks a state-dict tensor is one clear error."""
    work, bundles = tmp_path / "work", tmp_path / "bundles"
    work.mkdir()
    r = zoo_run.run_model("squeezenet1_1", 32, str(work), time.time() + 120, 0, bundle_dir=str(bundles))
    assert r["gpu_bundle"] == "ok", r
    b = bundles / "squeezenet1_1"
    cmd = [sys.executable, os.path.join(ROOT, "bench", "gpu", "torch_ref.py"), str(b), "--device", "cpu"]
    cmd += ["--precisions", "fp32,fp64", "--json", str(tmp_path / "ref.json")]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    out = json.loads((tmp_path / "ref.json").read_text())
    assert out["consistent"] is True and out["errors"]["fp64"] < 1e-6 * out["max_ref"], out
    assert 0 < out["errors"]["fp32"] < 1e-3 * out["max_ref"], out

    (expected,) = [b / f for f in json.loads((b / "bundle.json").read_text())["verify"]["expected"].values()]
    ref = np.fromfile(str(expected), dtype="<f4")
    (ref * np.float32(1.001)).tofile(str(expected))
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0 and json.loads(p.stdout)["consistent"] is False, p.stdout + p.stderr

    recipe = json.loads((b / "recipe.json").read_text())
    recipe["tensors"] = [t for t in recipe["tensors"] if t["name"] != "features.0.weight"]
    (b / "recipe.json").write_text(json.dumps(recipe))
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert p.returncode == 1, p.stdout + p.stderr
    assert json.loads(p.stdout)["error"] == (
        "ValueError: the recipe lacks 1 state-dict tensors, e.g. features.0.weight"
    )
    assert "Traceback" not in p.stdout + p.stderr


def test_pytorch_parity_rule():
    """zoo.py's second criterion: within PARITY_FACTOR of PyTorch's own error, only where
    PyTorch's float64 run reproduced the reference and its own error is not itself huge."""
    gz = _gpu_zoo()

    def result(err, torch_err, consistent=True, max_ref=1.4, ok=False):
        row = {"ok": ok, "max_abs_error": err, "bound": 0.2, "notes": [] if ok else ["verify FAILED"]}
        ref = {"consistent": consistent, "max_ref": max_ref, "errors": {"fp16": torch_err}}
        return {"rows": {"fp16": row}, "torch": ref}

    r = result(0.5, 0.2)
    gz.apply_parity(r)
    row = r["rows"]["fp16"]
    assert row["ok"] and row["by"] == "parity" and row["verify_ok"] is False
    assert row["parity_bound"] == gz.PARITY_FACTOR * 0.2 and row["pytorch_error"] == 0.2
    gz.apply_parity(r)  # idempotent: the builder's verdict is kept
    assert r["rows"]["fp16"]["ok"] and r["rows"]["fp16"]["verify_ok"] is False
    for bad in (
        result(0.9, 0.2),  # over 4 x PyTorch's error: a wrong lowering fails
        result(0.5, 0.2, consistent=False),  # this torchvision's model is not the bundle's
        result(0.5, 0.4),  # PyTorch itself off by more than a quarter of max|ref|
        result(0.5, float("nan")),
        result(None, 0.2),  # no error measured (build failed)
    ):
        gz.apply_parity(bad)
        assert not bad["rows"]["fp16"]["ok"] and "by" not in bad["rows"]["fp16"], bad
    good = result(0.01, 0.02, ok=True)
    gz.apply_parity(good)
    assert good["rows"]["fp16"]["by"] == "bound"
    no_torch = {"rows": {"fp16": {"ok": False, "max_abs_error": 0.5}}}
    gz.apply_parity(no_torch)
    assert not no_torch["rows"]["fp16"]["ok"]


def test_gpu_results_seeded(tmp_path):
    """--seed-results takes only results of the same bundle and TensorRT release."""
    gz = _gpu_zoo()
    build = tmp_path / "build"
    (build / "results").mkdir(parents=True)
    old = {
        "tensorrt": "TensorRT 10.6.0",
        "models": {
            "a": {"bundle_id": "1", "tensorrt": "TensorRT 10.6.0", "rows": {}},
            "b": {"bundle_id": "old", "tensorrt": "TensorRT 10.6.0", "rows": {}},
            "c": {"bundle_id": "3", "tensorrt": "TensorRT 8.6.1", "rows": {}},
        },
    }
    (tmp_path / "old.json").write_text(json.dumps(old))
    cases = [{"name": "a", "id": "1"}, {"name": "b", "id": "2"}, {"name": "c", "id": "3"}]
    gz.seed_results(str(tmp_path / "old.json"), cases, str(build), "TensorRT 10.6.0")
    assert sorted(os.listdir(build / "results")) == ["a.json"]
