#!/usr/bin/env python3
"""Builds and verifies the model zoo's GPU bundles with a real TensorRT (docs/workflow.md,
"The model zoo on a GPU"; bench/gpu/run.sh FLAVOR --zoo runs this on the GPU machine).

usage: zoo.py STAGE --tensorrt-root DIR --build-dir DIR [--only REGEX] [--jobs N]
              [--precisions fp32,fp16] [--opt-level N] [--deadline S] [--force] [--json FILE]
              [--seed-results FILE]

STAGE/cases/<model>/ are the bundles bench/zoo/run.py writes (build/zoo-gpu/<model>/). The
builders of the selected models are compiled in one CMake project with -Werror (as
test/realtrt/run.py does, whose functions this uses); then, --jobs models at a time, each
model's .wts is written from its recipe (bench/zoo/portable.py), an FP32 engine (TF32 off)
and an FP16 engine are built and run with --input/--expect against the float64 reference,
and the .wts and engines are deleted again (disk). Per model the result is kept in
BUILD_DIR/results/<model>.json, so a later call resumes where one stopped: models with a
result for every requested precision are skipped unless --force, and no model is started
after --deadline seconds (a call on the GPU machine may run 10 minutes). --json writes every
kept result, with the TensorRT version, GPU and date, for `bench/zoo/run.py --gpu-results`.

Tolerances: FP32 is test/realtrt/run.py's (atol = rtol = 1e-4, the builder's default
scale-tol 64: docs/numerics.md); FP16 adds to its atol = rtol = 2e-2 a depth term of one FP16
unit roundoff (2^-11) per layer, FP16_SCALE_TOL below. An engine outside that bound still
passes when it is within PARITY_FACTOR of PyTorch's own error at the same precision on the same
GPU (bench/gpu/torch_ref.py, run for every model; see PARITY_FACTOR); each row says which
criterion it passed by ("by": bound or parity) and keeps the builder's verdict (verify_ok).
--seed-results takes the results of an earlier run. TensorRT-RTX builds engines without a
GPU but cannot run them: with it every engine is built and its I/O checked, and the rows say
that nothing was verified. Standard library + numpy (portable.py); PyTorch and torchvision
for the parity reference; no Node.js.
"""

import argparse
import glob
import importlib.util
import json
import os
import re
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PORTABLE = os.path.join(ROOT, "bench", "zoo", "portable.py")


def _load_realtrt():
    spec = importlib.util.spec_from_file_location("realtrt_run", os.path.join(ROOT, "test", "realtrt", "run.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


realtrt = _load_realtrt()

#: --scale-tol for FP16 engines: K * depth * 2^-24 * max|ref| with K = 2^13 is depth * 2^-11 *
#: max|ref|, one FP16 rounding (unit roundoff 2^-11) of each layer's output at the output's
#: magnitude. TensorRT's FP16 kernels accumulate in FP32, so a layer's own error is dominated by
#: that one rounding; the FP32 constant (64, docs/numerics.md) instead covers float32 summation
#: inside layers, measured at k <= 23 for these models.
FP16_SCALE_TOL = 8192
TOLERANCES = {"fp32": realtrt.TOLERANCES["fp32"], "fp16": realtrt.TOLERANCES["fp16"] + (FP16_SCALE_TOL,)}

#: The second criterion (PyTorch parity): an engine that fails --verify's bound still passes when
#: its max error is at most PARITY_FACTOR times PyTorch's own max error at the same precision,
#: same model, weights and input, on the same GPU (bench/gpu/torch_ref.py, TF32 off), provided
#: that comparison means something: torch_ref's float64 run reproduces the reference
#: ("consistent": this torchvision defines the same model) and PyTorch's own error is finite and
#: at most PARITY_MAX_REL of max|ref| (a PyTorch that is itself far off proves nothing). Random
#: weights make some zoo models ill-conditioned (efficientnet_v2_m: PyTorch float32 is 4.4 from
#: float64 at outputs of 1050 on the H200), and FP16 storage rounding grows through 100 dilated layers
#: (the segmentation ResNets), so no fixed bound tells right from wrong for all of them; a wrong
#: lowering is off by about the output's magnitude, far beyond this. Both numbers are reported.
PARITY_FACTOR = 4
PARITY_MAX_REL = 0.25
TORCH_REF = os.path.join(HERE, "torch_ref.py")


def torch_reference(c, case_dir, log, timeout):
    """bench/gpu/torch_ref.py's result for the bundle (PyTorch's own error per precision)."""
    rc, out, _ = realtrt.run([sys.executable, TORCH_REF, case_dir], log, timeout=timeout)
    lines = [l for l in out.splitlines() if l.startswith("{")]
    try:
        return json.loads(lines[-1])
    except (IndexError, ValueError):
        return {"error": "torch_ref.py printed no result (exit %s): %s" % (rc, (out.strip().splitlines() or ["?"])[-1])}


def apply_parity(result):
    """Sets each failed row's ok from the PyTorch-parity criterion (PARITY_FACTOR); idempotent:
    the builder's own verdict stays in the row as verify_ok."""
    ref = result.get("torch") or {}
    for prec, row in result.get("rows", {}).items():
        row.setdefault("verify_ok", bool(row.get("ok")))
        row["ok"] = row["verify_ok"]
        row.pop("by", None)
        row.pop("parity_bound", None)
        torch_err = (ref.get("errors") or {}).get(prec)
        if torch_err is not None:
            row["pytorch_error"] = torch_err
        if row["ok"]:
            row["by"] = "bound"
            continue
        err = row.get("max_abs_error")
        usable = (
            ref.get("consistent")
            and torch_err is not None
            and torch_err == torch_err  # not NaN
            and torch_err <= PARITY_MAX_REL * ref.get("max_ref", 0.0)
        )
        if err is None or not usable:
            continue
        row["parity_bound"] = PARITY_FACTOR * torch_err
        if err <= row["parity_bound"]:
            row["ok"] = True
            row["by"] = "parity"


def die(msg, code=2):
    print(f"zoo.py: {msg}", file=sys.stderr)
    sys.exit(code)


def load_cases(stage, only):
    cases = []
    root = os.path.join(stage, "cases")
    if not os.path.isdir(root):
        die(f"{root} does not exist: unpack the zoo bundles there (bench/gpu/run.sh FLAVOR --zoo)")
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name, "bundle.json")
        if only and not re.search(only, name):
            continue
        try:
            with open(path, encoding="utf-8") as f:
                cases.append(json.load(f))
        except (OSError, ValueError) as e:
            die(f"cannot read {path}: {e}")
    return cases


def result_path(build, name):
    return os.path.join(build, "results", name + ".json")


def save_result(build, r, name=None):
    """Keeps result ``r`` under ``name`` (default: its model's name)."""
    with open(result_path(build, name or r["model"]), "w", encoding="utf-8") as f:
        json.dump(r, f, indent=1)


def load_result(build, name):
    try:
        with open(result_path(build, name), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def seed_results(path, cases, build, version):
    """Copies the results in ``path`` (an earlier --json) whose bundle id and TensorRT release
    match a selected case into BUILD_DIR/results/, where none is kept yet."""
    try:
        with open(path, encoding="utf-8") as f:
            old = json.load(f)
        models = old["models"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        die(f"cannot use --seed-results {path}: {e}")
    taken = 0
    for c in cases:
        r = models.get(c["name"])
        if not r or r.get("bundle_id") != c.get("id") or r.get("tensorrt", old.get("tensorrt")) != version:
            continue
        if load_result(build, c["name"]) is None:
            save_result(build, dict(r, model=c["name"]))
            taken += 1
    print(f"seeded {taken} results from {path}", flush=True)


def compile_builders(stage, build, root, cases, jobs, log):
    """Compiles the builders of ``cases`` with -Werror; returns {name: exe or error}. The CMake
    project holds every bundle in the stage, so that it stays the same between calls (the
    shared runtime is compiled in the first network's folder) and nothing compiles twice."""
    every = [
        json.load(open(p, encoding="utf-8"))
        for p in sorted(glob.glob(os.path.join(stage, "cases", "*", "bundle.json")))
    ]
    targets = [f"{c['stem']}_builder" for c in cases]
    _, out = realtrt.compile_cases(stage, every, build, root, jobs, log, all_in_one=False, targets=targets)
    exes = {}
    for c in cases:
        exe = os.path.join(build, "cases", c["name"], f"{c['stem']}_builder")
        if os.path.exists(exe):
            exes[c["name"]] = exe
        else:
            errs = [l.strip() for l in out.splitlines() if f"/cases/{c['name']}/" in l and "error" in l]
            exes[c["name"]] = "does not compile: " + (errs[0] if errs else "see " + log)
    return exes


def run_model(c, exe, stage, build, root, a, rtx, env):
    """One model: its .wts from the recipe, then an engine per precision; returns its result."""
    name = c["name"]
    case_dir = os.path.join(stage, "cases", name)
    work = os.path.join(build, "work", name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    log = os.path.join(work, "log.txt")
    result = {"model": name, "bundle_id": c.get("id"), "params": c.get("params"), "size": c.get("size"), "rows": {}}
    t0 = time.monotonic()
    wts = os.path.join(work, "model.wts")
    rc, out, secs = realtrt.run(
        [sys.executable, PORTABLE, os.path.join(case_dir, c["recipe"]), "-o", wts], log, timeout=a.timeout
    )
    result["wts_seconds"] = round(secs, 1)
    if rc != 0:
        reason = "writing the .wts from the recipe failed: " + (out.strip().splitlines() or ["?"])[-1]
        result["rows"] = {p: {"ok": False, "notes": [reason]} for p in a.precisions}
    else:
        if os.path.getsize(wts) != c.get("wts_bytes", os.path.getsize(wts)):
            result["notes"] = ["the .wts has %d bytes, bundle.json says %d" % (os.path.getsize(wts), c["wts_bytes"])]
        for prec in a.precisions:
            extra = ["--opt-level", str(a.opt_level)] if a.opt_level is not None else []
            row = realtrt.run_engine(
                c,
                prec,
                exe,
                case_dir,
                os.path.join(work, f"{prec}.engine"),
                log,
                env,
                verify=not rtx,
                tolerance=TOLERANCES[prec],
                timeout=a.timeout,
                wts=wts,
                extra=extra,
            )
            if rtx:
                row["notes"].append("not verified: TensorRT-RTX builds CPU-only and cannot run the engine here")
            row.pop("network", None)
            row.pop("precision", None)
            result["rows"][prec] = row
    if not rtx:
        result["torch"] = torch_reference(c, case_dir, log, a.timeout)
        apply_parity(result)
    result["seconds"] = round(time.monotonic() - t0, 1)
    shutil.copy(log, os.path.join(build, "results", name + ".log"))
    shutil.rmtree(work, ignore_errors=True)  # the .wts and engines: tens of GB for the whole zoo
    return result


def summary_line(result):
    parts = []
    for prec, row in result["rows"].items():
        err = row.get("max_abs_error")
        text = "pass" if row.get("ok") else "FAIL"
        if err is not None:
            text += f" {err:.3g}/{row.get('bound', float('nan')):.3g}"
        parts.append(f"{prec} {text}")
    notes = "; ".join(n for row in result["rows"].values() for n in row.get("notes", []))
    ref = result.get("torch") or {}
    if ref.get("error"):
        notes += "; PyTorch reference: " + ref["error"]
    elif ref:
        notes += "; PyTorch " + " ".join(f"{p} {e:.3g}" for p, e in ref["errors"].items())
        notes += "" if ref.get("consistent") else " (float64 differs from the reference: no parity)"
    return f"{result['model']:<30} {'  '.join(parts)}  {result['seconds']:.0f} s  {notes}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("stage", help="folder with cases/<model>/ (the unpacked build/zoo-gpu bundles)")
    ap.add_argument("--tensorrt-root", required=True)
    ap.add_argument("--build-dir", required=True, help="CMake build and per-model results; reused between calls")
    ap.add_argument("--only", help="regular expression selecting models by name (search)")
    ap.add_argument("--jobs", type=int, default=8, help="models built and verified at a time (default 8)")
    ap.add_argument("--compile-jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--precisions", default="fp32,fp16")
    ap.add_argument("--opt-level", type=int, choices=range(6), help="the builders' --opt-level (default TensorRT's)")
    ap.add_argument("--deadline", type=float, default=480, help="start no model after this many seconds (480)")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per builder run")
    ap.add_argument("--force", action="store_true", help="rerun models that have a result")
    ap.add_argument("--compile-only", action="store_true", help="only compile the builders (a first call)")
    ap.add_argument("--json", help="write every model's kept result here")
    ap.add_argument(
        "--seed-results",
        metavar="FILE",
        help="take the results of an earlier --json (bench/zoo/results/gpu.json) for models whose bundle and "
        "TensorRT release match, instead of running them again (PyTorch's reference is added where missing)",
    )
    a = ap.parse_args()
    start = time.monotonic()
    if importlib.util.find_spec("numpy") is None:
        die(f"{sys.executable} has no numpy, which bench/zoo/portable.py needs to write the .wts files")
    a.precisions = [p for p in a.precisions.split(",") if p]
    for p in a.precisions:
        if p not in TOLERANCES:
            die(f"unknown precision '{p}' (expected fp32, fp16)")
    stage, build, root = (os.path.abspath(p) for p in (a.stage, a.build_dir, a.tensorrt_root))
    version, rtx = realtrt.tensorrt_version(root)
    gpu = realtrt.gpu_name()
    cases = load_cases(stage, a.only)
    if not cases:
        die("no model selected")
    os.makedirs(os.path.join(build, "results"), exist_ok=True)
    if a.seed_results:
        seed_results(a.seed_results, cases, build, version)

    def done(c):
        r = load_result(build, c["name"])
        return r is not None and r.get("tensorrt") == version and all(p in r["rows"] for p in a.precisions)

    todo = [c for c in cases if a.force or not done(c)]
    # the largest first: a model of 600M parameters takes minutes, and started last it would
    # outlast the call
    todo.sort(key=lambda c: -(c.get("params") or 0))
    print(
        f"{version} at {root}; {gpu or 'no GPU'}; {len(cases)} models selected, {len(todo)} to run, "
        f"precisions {', '.join(a.precisions)}, {a.jobs} at a time",
        flush=True,
    )
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = os.path.join(root, "lib") + (
        ":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else ""
    )
    if not rtx:  # kept results without PyTorch's reference (seeded, or from before torch_ref.py)
        kept = {c["name"]: load_result(build, c["name"]) for c in cases}
        lacking = [c for c in cases if kept[c["name"]] is not None and "torch" not in kept[c["name"]]]

        def add_torch(c):
            if time.monotonic() - start > a.deadline:
                return None
            r = kept[c["name"]]
            log = os.path.join(build, "results", c["name"] + ".torch.log")
            r["torch"] = torch_reference(c, os.path.join(stage, "cases", c["name"]), log, a.timeout)
            apply_parity(r)
            save_result(build, r)
            print(summary_line(r), flush=True)
            return r

        if lacking:
            print(f"PyTorch's reference for {len(lacking)} kept results", flush=True)
            with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
                list(ex.map(add_torch, lacking))

    if todo:
        log = os.path.join(build, "compile.log")
        os.makedirs(build, exist_ok=True)
        open(log, "w").close()
        t0 = time.monotonic()
        exes = compile_builders(stage, build, root, todo, a.compile_jobs, log)
        bad = [n for n, e in exes.items() if not os.path.isabs(e)]
        print(f"compiled {len(todo) - len(bad)} of {len(todo)} builders in {time.monotonic() - t0:.0f} s", flush=True)
        for n in bad:
            print(f"{n:<30} {exes[n]}", flush=True)
        if a.compile_only:
            return 1 if bad else 0

        def one(c):
            if time.monotonic() - start > a.deadline:
                return None
            exe = exes[c["name"]]
            if not os.path.isabs(exe):
                r = {"model": c["name"], "bundle_id": c.get("id"), "seconds": 0}
                r["rows"] = {p: {"ok": False, "notes": [exe]} for p in a.precisions}
            else:
                r = run_model(c, exe, stage, build, root, a, rtx, env)
            r.update({"tensorrt": version, "gpu": gpu, "date": time.strftime("%Y-%m-%d"), "opt_level": a.opt_level})
            save_result(build, r)
            print(summary_line(r), flush=True)
            return r

        with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
            finished = [r for r in ex.map(one, todo) if r is not None]
        left = len(todo) - len(finished)
        if left:
            print(f"deadline: {left} models not started; call again to resume", flush=True)

    results = [r for r in (load_result(build, c["name"]) for c in cases) if r is not None]
    passed = {p: sum(bool(r["rows"].get(p, {}).get("ok")) for r in results) for p in a.precisions}
    print(
        f"{len(results)} of {len(cases)} selected models have results; "
        + ", ".join(f"{p}: {n} pass" for p, n in passed.items())
        + f" ({version}, {gpu or 'CPU-only'})",
        flush=True,
    )
    if a.json:
        realtrt.write_results(
            a.json,
            version,
            gpu,
            verified=not rtx,
            opt_level=a.opt_level,
            tolerances=TOLERANCES,
            parity={"factor": PARITY_FACTOR, "max_rel": PARITY_MAX_REL},
            models={r["model"]: r for r in results},
        )
    complete = len(results) == len(cases)
    return 0 if complete and all(r["rows"].get(p, {}).get("ok") for r in results for p in a.precisions) else 1


if __name__ == "__main__":
    sys.exit(main())
