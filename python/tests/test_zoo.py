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
