#!/usr/bin/env python3
"""Stages the GPU performance table (docs/performance.md) on this machine: every model of
bench/perf/perf_models.py at every batch size through the PC workflow, as a user runs it, into
a bundle the GPU machine (no Node.js, another torch) can build and time with bench/gpu/perf.py.

Per model: seeded random weights with BatchNorm statistics from train-mode passes (the zoo's
``build``: bench/zoo/zoo.py) -> ``trtgen-export weights`` -> per batch size
``trtgen-export spec --wts`` (SeedSeg: the example's hand-written spec, its batch set) ->
``trtgen check`` -> ``trtgen emit``. A bundle (build/perf-gpu/cases/<model>-b<batch>/) holds the
emitted sources, the spec, bundle.json and the weights as a recipe (bench/zoo/portable.py,
checked to regenerate the .wts byte for byte); the GPU side rebuilds the PyTorch model with the
same weights from the same recipe, so trtgen's engine, the ONNX -> TensorRT engine and PyTorch
all compute with identical values. Then everything is packed into build/gpu/perf-carry/
(bundles, the TensorRT 10.6 ONNX parser library and TensorRT's Python bindings, which the GPU
run uses for the ONNX engine and to time both engines the same way).

    npm run build
    /usr/bin/python3 bench/perf/stage.py [--only REGEX]
"""

import argparse
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ZOO = os.path.join(ROOT, "bench", "zoo")
OUT = os.path.join(ROOT, "build", "perf-gpu")
CARRY = os.path.join(ROOT, "build", "gpu", "perf-carry")
#: TensorRT's Python bindings for the GPU machine's Python (pip download, PyPI); the libraries
#: come from the TensorRT parts (bench/gpu/stage.sh) plus the ONNX parser carried here.
BINDINGS = "tensorrt-cu12-bindings==10.6.0"
PYTHONS = ("310", "311", "312")
sys.path.insert(0, HERE)
sys.path.insert(0, ZOO)

import perf_models  # noqa: E402
import portable  # noqa: E402
import run as zoorun  # noqa: E402  (bench/zoo/run.py: the exporter in-process, trtgen commands)
import zoo  # noqa: E402


def die(msg):
    print("stage: " + msg, file=sys.stderr)
    sys.exit(1)


def step(args, cwd):
    rc, out, _ = zoorun._cmd(args, cwd, 1800)
    if rc != 0:
        die("%s failed in %s:\n%s" % (" ".join(args[:3]), cwd, out[-3000:]))
    return out


def example_spec(path, batch, name, dest):
    """The example's spec named ``name``, its first input's batch dimension set to ``batch``."""
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        text = f.read()
    new, n = re.subn(r"(\n    shape: \[)\d+,", r"\g<1>%d," % batch, text, count=1)
    new, m = re.subn(r"^name: \S+$", "name: " + name, new, count=1, flags=re.M)
    if n != 1 or m != 1:
        die("%s: no name or input shape to set" % path)
    with open(dest, "w", encoding="utf-8") as f:
        f.write(new)


def stage_model(name, size, work):
    import torch

    model = zoo.build(perf_models.factory(name), size)
    params = sum(p.numel() for p in model.parameters())
    drawn, seed = model.zoo_portable, model.zoo_seed
    torch.save(model.state_dict(), os.path.join(work, "model.pth"))
    del model
    for batch in perf_models.BATCHES:
        case = "%s-b%d" % (name, batch)
        d = os.path.join(work, case)
        os.makedirs(d)
        shutil.copy(os.path.join(work, "model.pth"), d)
        step(zoorun.EXPORT + ["weights", "model.pth", "-o", "model.wts", "--quiet"], d)
        if name in perf_models.EXAMPLE_SPECS:
            example_spec(perf_models.EXAMPLE_SPECS[name], batch, case.replace("-", "_"), os.path.join(d, "spec.yaml"))
        else:
            shape = "%d,3,%d,%d" % (batch, size, size)
            src = ["--model", "perf_models:" + name, "--import-path", HERE, "--weights", "model.pth"]
            step(
                zoorun.EXPORT
                + ["spec"]
                + src
                + ["--input-shape", shape, "--name", case.replace("-", "_"), "-o", "spec.yaml", "--wts", "model.wts"],
                d,
            )
        report = step(zoorun.TRTGEN + ["check", "spec.yaml", "--wts", "model.wts", "--json"], d)
        summary = json.loads(report[report.index("{") :])["summary"]
        custom = [r["name"] for r in summary["rows"] if r["op"] == "custom"]
        if custom:
            die("%s: the spec has custom layers (%s): not a fair comparison" % (case, ", ".join(custom[:3])))
        step(zoorun.TRTGEN + ["emit", "spec.yaml", "--wts", "model.wts", "-o", "emitted"], d)
        dest = os.path.join(OUT, "cases", case)
        shutil.rmtree(dest, ignore_errors=True)
        os.makedirs(dest)
        wts = os.path.join(d, "model.wts")
        _, at = portable.save_checked_recipe(
            wts, drawn, seed, os.path.join(dest, "recipe.json"), os.path.join(d, "again.wts")
        )
        if at is not None:
            die("%s: the .wts regenerated from the recipe differs from the exported one" % case)
        with open(os.path.join(d, "emitted", "CMakeLists.txt"), encoding="utf-8") as f:
            stem = re.search(r"^project\((\S+)_trt ", f.read(), re.M).group(1)
        shutil.copytree(os.path.join(d, "emitted"), os.path.join(dest, "src"))
        shutil.copy(os.path.join(d, "spec.yaml"), dest)
        io = zoorun.bundle_io(summary)
        digest = hashlib.sha256()
        for part in ("recipe.json", "literals.bin", "spec.yaml"):
            with open(os.path.join(dest, part), "rb") as f:
                digest.update(f.read())
        bundle = {
            "name": case,
            "model": name,
            "batch": batch,
            "size": size,
            "stem": stem,
            "plugins": [],
            "io": io,
            "recipe": "recipe.json",
            "wts_bytes": os.path.getsize(wts),
            "params": params,
            "layers": sum(1 for r in summary["rows"] if r["op"] != "input"),
            "id": digest.hexdigest()[:16],
        }
        with open(os.path.join(dest, "bundle.json"), "w", encoding="utf-8") as f:
            json.dump(bundle, f, indent=1)
            f.write("\n")
        print("staged %s: %d layers, %.1fM parameters" % (case, bundle["layers"], params / 1e6), flush=True)


def pack():
    """build/gpu/perf-carry/: the bundles (zstd tar), the ONNX parser, the Python bindings."""
    shutil.rmtree(CARRY, ignore_errors=True)
    os.makedirs(os.path.join(CARRY, "wheels"))
    subprocess.run(
        "tar -cf - -C %s cases | zstd -19 -T0 -q -o %s/bundles.tar.zst" % (OUT, CARRY), shell=True, check=True
    )
    root = (
        subprocess.run(
            [os.path.join(ROOT, "scripts", "fetch-tensorrt.sh"), "10.6"], capture_output=True, text=True, check=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    shutil.copy(os.path.join(root, "lib", "libnvonnxparser.so.10"), CARRY)
    for py in PYTHONS:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", BINDINGS, "--no-deps", "--only-binary=:all:", "--python-version",
             py, "--platform", "manylinux_2_17_x86_64", "-d", os.path.join(CARRY, "wheels"), "-q"],
            check=True,
        )  # fmt: skip
    total = sum(os.path.getsize(p) for p in glob.glob(os.path.join(CARRY, "**"), recursive=True) if os.path.isfile(p))
    print("packed %s (%.1f MB)" % (os.path.relpath(CARRY, ROOT), total / 1e6))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", help="models whose name matches this regular expression")
    ap.add_argument("--pack-only", action="store_true", help="only pack the bundles already staged")
    a = ap.parse_args()
    if not a.pack_only:
        for name, size in perf_models.MODELS:
            if a.only and not re.search(a.only, name):
                continue
            work = tempfile.mkdtemp(prefix="perf-%s-" % name)
            try:
                stage_model(name, size, work)
            finally:
                shutil.rmtree(work, ignore_errors=True)
    pack()


if __name__ == "__main__":
    main()
