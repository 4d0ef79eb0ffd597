"""The model-zoo coverage table: every torchvision classification and segmentation model through
the PC workflow (docs/workflow.md), written to docs/model-zoo.md.

Per model, in a fresh process with a timeout: seeded random weights with BatchNorm statistics
from train-mode passes (zoo.build), saved as a checkpoint; then exactly the user's commands:
`trtgen-export weights` -> `trtgen-export spec --wts` (adds computed constants) ->
`trtgen-export reference --float64` ->
`trtgen check` -> `trtgen emit` -> `trtgen simulate` against the reference (docs/numerics.md).
Results are cached per model in bench/zoo/results/<model>.json; a rerun only runs models without
a cached result (or all of them with --force) and always rewrites the table from the cache.
Each model that emits without custom layers also gets a GPU bundle in build/zoo-gpu/<model>/
(write_bundle; --no-bundle skips them) for bench/gpu/zoo.sh: its .wts file travels as a recipe
(bench/zoo/portable.py) that is checked to regenerate it byte for byte.

    npm run build   # the trtgen CLI runs from dist/
    nice -n 10 /usr/bin/python3 bench/zoo/run.py [--only REGEX] [--size 64] [--jobs 1]
        [--timeout 1800] [--max-simulate-params 150e6] [--force] [--table-only]
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RESULTS = os.path.join(HERE, "results")
#: The merged GPU results (--gpu-results; bench/gpu/zoo.py's JSON).
GPU_RESULTS = os.path.join(RESULTS, "gpu.json")
#: Hand-written findings (what a failure means, what is left), appended below the table.
NOTES = os.path.join(HERE, "notes.md")
#: One folder per model for the GPU verification (write_bundle); git-ignored.
BUNDLES = os.path.join(ROOT, "build", "zoo-gpu")
TABLE = os.path.join(ROOT, "docs", "model-zoo.md")
sys.path.insert(0, HERE)

import portable  # noqa: E402
import zoo  # noqa: E402

TRTGEN = [shutil.which("node") or "node", os.path.join(ROOT, "bin", "trtgen.js")]
#: trtgen-export runs in this process (its `main`, the installed command's code path) to load
#: PyTorch once per model instead of once per command.
EXPORT = ["trtgen-export"]


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (os.path.join(ROOT, "python"), env.get("PYTHONPATH")) if p)
    return env


def _reason(text):
    """The first error line of a command's output, for the table."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if "error" in line.lower() or "FAIL" in line:
            return line[:300]
    return (lines[-1] if lines else "no output")[:300]


def _export(args, cwd):
    """``trtgen-export ARGS`` in-process, in ``cwd``: (exit status, stderr text, seconds)."""
    import contextlib
    import io

    sys.path.insert(0, os.path.join(ROOT, "python"))
    from trtgen_export.cli import main

    t0 = time.time()
    err = io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(err):
            rc = main(args)
    except SystemExit as e:
        rc = e.code if isinstance(e.code, int) else 1
    except Exception as e:  # an exporter bug is a result for the table too
        rc = 1
        err.write("error: unexpected %s: %s\n" % (type(e).__name__, e))
    finally:
        os.chdir(old)
    return rc, err.getvalue(), time.time() - t0


def _cmd(args, cwd, timeout):
    if args[:1] == EXPORT:
        return _export(args[1:], cwd)
    t0 = time.time()
    try:
        p = subprocess.run(args, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout + p.stderr, time.time() - t0
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return None, out + "\ntimed out after %d s" % timeout, time.time() - t0


def run_model(name, size, work, deadline, max_sim_params, reference="float64", bundle_dir=None):
    """The workflow for one model in ``work``; returns its result row (never raises). With
    ``bundle_dir``, a model that emits without custom layers also gets its GPU bundle there
    (write_bundle)."""
    import torch

    fn = dict((n, f) for n, _, f in zoo.list_models())[name]
    r = {"model": name, "size": size, "reference_dtype": reference, "torch": torch.__version__}
    t0 = time.time()

    def left():
        return max(1, int(deadline - time.time()))

    def step(key, args):
        rc, out, secs = _cmd(args, work, left())
        r[key] = "ok" if rc == 0 else ("timeout" if rc is None else "fail")
        r[key + "_seconds"] = round(secs, 1)
        if rc != 0:
            r[key + "_reason"] = _reason(out)
        return rc == 0, out

    try:
        model = zoo.build(fn, size)
    except Exception as e:
        r["export"] = "fail"
        r["export_reason"] = "building the model failed: %s: %s" % (type(e).__name__, str(e).splitlines()[0][:200])
        return r
    r["params"] = sum(p.numel() for p in model.parameters())
    drawn, seed = model.zoo_portable, model.zoo_seed
    torch.save(model.state_dict(), os.path.join(work, "model.pth"))
    del model
    shape = "1,3,%d,%d" % (size, size)
    src = ["--model", "zoo:" + name, "--import-path", HERE, "--weights", "model.pth", "--input-shape", shape]
    ok, _ = step("weights", EXPORT + ["weights", "model.pth", "-o", "model.wts", "--quiet"])
    ok = ok and step("spec", EXPORT + ["spec"] + src + ["-o", "spec.yaml", "--wts", "model.wts"])[0]
    if not ok:
        r["export"] = "fail"
        r["export_reason"] = r.get("weights_reason") or r.get("spec_reason")
        r["seconds"] = round(time.time() - t0, 1)
        return r
    r["export"] = "ok"
    ok, out = step("check", TRTGEN + ["check", "spec.yaml", "--wts", "model.wts", "--json"])
    report = None
    try:
        report = json.loads(out[out.index("{") :])
        errors = [d for d in report.get("diagnostics", []) if d.get("severity") == "error"]
        if errors:  # the first error with its code, not a line of the JSON
            r["check_reason"] = ("%s %s: %s" % (errors[0]["code"], errors[0]["name"], errors[0]["message"]))[:300]
        summary = report["summary"]
        rows = [row for row in summary["rows"] if row["op"] != "input"]
        r["layers"] = len(rows)
        r["custom"] = sum(1 for row in rows if row["op"] == "custom")
        if r["custom"]:
            r["custom_ops"] = _custom_kinds(work)
    except (ValueError, KeyError):
        pass
    if ok:
        step("emit", TRTGEN + ["emit", "spec.yaml", "--wts", "model.wts", "-o", "emitted"])
    if not ok or r.get("emit") != "ok":
        pass
    elif r.get("custom"):
        r["simulate"] = "skip"
        r["simulate_reason"] = "custom layers cannot be simulated"
    else:
        flag = ["--float64"] if reference == "float64" else []
        ok, _ = step("reference", EXPORT + ["reference"] + src + flag + ["-o", "ref"])
        if ok and bundle_dir:
            write_bundle(r, work, os.path.join(bundle_dir, name), drawn, seed, report)
        if ok and max_sim_params and r["params"] > max_sim_params:
            r["simulate"] = "skip"
            r["simulate_reason"] = "%.0fM parameters > --max-simulate-params" % (r["params"] / 1e6)
        elif ok:
            ok, out = step(
                "simulate",
                TRTGEN + ["simulate", "spec.yaml", "--wts", "model.wts", "--input", "ref", "--expect", "ref"],
            )
            errs = re.findall(
                r"max abs error ([0-9.e+-]+|NaN), max rel error [^,]+, atol ([0-9.e+-]+) at depth (\d+)", out
            )
            if errs:
                r["max_abs_error"] = max(float(e[0]) for e in errs)
                r["atol"] = min(float(e[1]) for e in errs)
                r["depth"] = max(int(e[2]) for e in errs)
            m = re.search(r"layers in ([0-9.]+) s", out)
            if m:
                r["simulate_compute_seconds"] = float(m.group(1))
        else:
            r["simulate"] = "fail"
            r["simulate_reason"] = "reference: " + r["reference_reason"]
    r["seconds"] = round(time.time() - t0, 1)
    return r


def bundle_io(summary):
    """A bundle's engine I/O as `trtgen check --json`'s summary infers it (outputs are float32:
    NetworkBuilder::output casts them)."""
    return {
        "inputs": [
            {"name": row["name"], "dtype": row["details"], "shape": row["outputShape"]}
            for row in summary["rows"]
            if row["op"] == "input"
        ],
        "outputs": [{"name": o["name"], "dtype": "float32", "shape": o["shape"]} for o in summary["outputs"]],
    }


def write_bundle(r, work, dest, drawn, seed, report):
    """The model's GPU bundle in ``dest`` (docs/workflow.md, "The model zoo on a GPU"):
    the emitted C++ folder (src/), spec.yaml, the weights as recipe.json + literals.bin
    (bench/zoo/portable.py), the reference input and float64 outputs as raw float32 files for
    the builder's --input/--expect, and bundle.json (engine I/O as `trtgen check` infers it,
    which file is which). Accepted only when the .wts regenerated from the recipe equals the
    exported one byte for byte; sets r["gpu_bundle"] (ok/fail) and its reason."""
    tmp = dest + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(dest, ignore_errors=True)  # never leave a bundle of older weights behind
    t0 = time.time()

    def fail(reason):
        r["gpu_bundle"] = "fail"
        r["gpu_bundle_reason"] = reason
        shutil.rmtree(tmp, ignore_errors=True)

    try:
        os.makedirs(tmp)
        wts = os.path.join(work, "model.wts")
        blob, at = portable.save_checked_recipe(
            wts, drawn, seed, os.path.join(tmp, "recipe.json"), os.path.join(work, "regenerated.wts")
        )
        if at is not None:
            return fail("the .wts regenerated from the recipe differs from the exported one at byte %d" % at)
        summary = report["summary"]
        with open(os.path.join(work, "ref", "reference.json"), encoding="utf-8") as f:
            ref = json.load(f)
        with open(os.path.join(work, "emitted", "CMakeLists.txt"), encoding="utf-8") as f:
            stem = re.search(r"^project\((\S+)_trt ", f.read(), re.M).group(1)
        shutil.copytree(os.path.join(work, "emitted"), os.path.join(tmp, "src"))
        shutil.copy(os.path.join(work, "spec.yaml"), tmp)
        verify = {"inputs": {}, "expected": {}}
        for kind, key, prefix in (("inputs", "inputs", "input"), ("outputs", "expected", "expected")):
            for i, t in enumerate(ref[kind]):
                local = "%s.%d.bin" % (prefix, i)
                shutil.copy(os.path.join(work, "ref", t["file"]), os.path.join(tmp, local))
                verify[key][t["name"]] = local
        io = bundle_io(summary)
        bundle = {
            "name": r["model"],
            "stem": stem,
            "plugins": [],
            "io": io,
            "verify": verify,
            "recipe": "recipe.json",
            "wts_bytes": os.path.getsize(wts),
            "size": r["size"],
            "params": r["params"],
            "reference_dtype": ref.get("computed_in"),
        }
        digest = hashlib.sha256()
        for part in ("recipe.json", "literals.bin", "spec.yaml", "input.0.bin"):
            with open(os.path.join(tmp, part), "rb") as f:
                digest.update(f.read())
        bundle["id"] = r["gpu_bundle_id"] = digest.hexdigest()[:16]
        with open(os.path.join(tmp, "bundle.json"), "w", encoding="utf-8") as f:
            json.dump(bundle, f, indent=1)
            f.write("\n")
        os.rename(tmp, dest)
    except Exception as e:  # a bundle problem is a result for the table, not a crash
        return fail("%s: %s" % (type(e).__name__, str(e).splitlines()[0][:200] if str(e) else ""))
    r["gpu_bundle"] = "ok"
    r["gpu_bundle_bytes"] = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(dest) for f in fs)
    r["gpu_bundle_literal_bytes"] = len(blob)
    r["gpu_bundle_seconds"] = round(time.time() - t0, 1)


def _custom_kinds(work):
    """What the drafted spec's custom layers stand for: their TODO snippets' texts without the
    quoted tensor names, with counts (``constant tensor from weights ×68``)."""
    try:
        with open(os.path.join(work, "spec.yaml")) as f:
            text = f.read()
    except OSError:
        return ["?"]
    counts = {}
    for m in re.findall(r"//\s*TODO:?\s*([^\n\\\"]*)", text):
        kind = re.sub(r"\s+", " ", re.sub(r"'[^']*'?", "", m)).strip(" '")[:60] or "?"
        counts[kind] = counts.get(kind, 0) + 1
    return ["%s ×%d" % (k, n) if n > 1 else k for k, n in sorted(counts.items())] or ["?"]


def _one(args):
    """Child-process entry: one model, result JSON on stdout."""
    work = tempfile.mkdtemp(prefix="zoo-%s-" % args.one)
    try:
        r = run_model(
            args.one,
            args.size,
            work,
            time.time() + args.timeout,
            args.max_simulate_params,
            args.reference,
            None if args.no_bundle else BUNDLES,
        )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            sys.stderr.write("kept %s\n" % work)
    sys.stdout.write(json.dumps(r) + "\n")


def _result_path(name):
    return os.path.join(RESULTS, name + ".json")


def run_one_isolated(name, a):
    """Runs ``name`` in a child process (own memory, timeout) and caches its row."""
    size = zoo.input_size(name, a.size)
    args = [sys.executable, os.path.abspath(__file__), "--one", name, "--size", str(size), "--timeout", str(a.timeout)]
    args += ["--max-simulate-params", str(a.max_simulate_params), "--reference", a.reference]
    args += ["--no-bundle"] if a.no_bundle else []
    t0 = time.time()
    rc, out, _ = _cmd(args, ROOT, a.timeout + 60)
    try:  # the child's row: its last line on stdout (warnings on stderr may follow it in ``out``)
        r = json.loads(next(line for line in reversed(out.splitlines()) if line.startswith('{"model"')))
    except (ValueError, StopIteration):
        r = {"model": name, "size": size, "export": "fail", "export_reason": "runner crashed: " + _reason(out)}
        if rc is None:
            r["export"] = "timeout"
        r["seconds"] = round(time.time() - t0, 1)
    os.makedirs(RESULTS, exist_ok=True)
    with open(_result_path(name), "w") as f:
        json.dump(r, f, indent=1, sort_keys=True)
        f.write("\n")
    return r


# ---- the table -------------------------------------------------------------------------------


def _status(r, key):
    v = r.get(key)
    if v is None:
        return "–"
    return {"ok": "ok", "fail": "**FAIL**", "timeout": "timeout", "skip": "skipped"}.get(v, v)


def _sim(r):
    s = r.get("simulate")
    if s == "ok":
        return "pass"
    if s == "fail" and "max_abs_error" in r:
        return "**FAIL** (tolerance)"
    return _status(r, "simulate")


def _fmt(v, spec="%.3g"):
    return "–" if v is None else spec % v


def _failure(r):
    def reason(keys):
        for key in keys:
            if r.get(key) in ("fail", "timeout", "skip") and r.get(key + "_reason"):
                return "%s: %s" % (key, r[key + "_reason"])
        return ""

    text = reason(("export", "check", "emit"))
    if not text and r.get("custom"):
        text = "custom: " + ", ".join(r.get("custom_ops", []))
    return (text or reason(("reference", "simulate", "gpu_bundle"))).replace("|", "\\|")


def _gpu_cell(r, gpu, prec):
    """A GPU column's cell: pass/FAIL with max error / bound, or why there is none."""
    g = (gpu or {}).get("models", {}).get(r["model"])
    if g is None:
        return "–"
    if g.get("bundle_id") != r.get("gpu_bundle_id"):
        return "stale"  # verified weights other than this row's (the zoo was rerun since)
    row = g.get("rows", {}).get(prec)
    if row is None:
        return "–"
    err = row.get("max_abs_error")
    parity = row.get("by") == "parity"
    text = ("pass‡" if parity else "pass") if row.get("ok") else "**FAIL**"
    if err is not None:
        text += " %s / %s" % (_fmt(err), _fmt(row.get("parity_bound" if parity else "bound")))
        if not row.get("ok") and "pytorch_error" in row:  # what the precision itself gives
            text += " (PyTorch %s)" % _fmt(row["pytorch_error"])
    elif not row.get("ok"):
        text += " (%s)" % "; ".join(row.get("notes", []))[:120].replace("|", "\\|")
    return text


def load_gpu_results(path):
    """bench/gpu/zoo.py's JSON, checked; exits with a clear message when it is not one."""
    try:
        with open(path, encoding="utf-8") as f:
            gpu = json.load(f)
        if not isinstance(gpu.get("models"), dict) or "tensorrt" not in gpu:
            raise ValueError("no 'models' and 'tensorrt': not written by bench/gpu/zoo.py --json")
    except (OSError, ValueError) as e:
        sys.exit("bench/zoo/run.py: cannot use %s: %s" % (path, e))
    if not gpu.get("verified"):
        sys.exit("bench/zoo/run.py: %s verified nothing (%s builds without running engines)" % (path, gpu["tensorrt"]))
    return gpu


def write_table(models, size):
    rows = []
    counts = {"run": 0, "emit": 0, "sim": 0, "fp32": 0, "fp16": 0}
    gpu = None
    if os.path.exists(GPU_RESULTS):
        with open(GPU_RESULTS, encoding="utf-8") as f:
            gpu = json.load(f)
    for name, family, _ in models:
        path = _result_path(name)
        r = None
        if os.path.exists(path):
            with open(path) as f:
                r = json.load(f)
        if r is None:
            rows.append("| %s | %s | %d | | | | | | | | | | | not run |" % (name, family, zoo.input_size(name, size)))
            continue
        counts["run"] += 1
        counts["emit"] += r.get("emit") == "ok"
        counts["sim"] += r.get("simulate") == "ok"
        cells = {prec: _gpu_cell(r, gpu, prec) for prec in ("fp32", "fp16")}
        for prec, cell in cells.items():
            counts[prec] += cell.startswith("pass")
        rows.append(
            "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |"
            % (
                name,
                family,
                r.get("size", 0),
                _fmt(r.get("params", 0) / 1e6 if r.get("params") else None, "%.1fM"),
                _fmt(r.get("layers"), "%d"),
                _fmt(r.get("custom"), "%d"),
                _status(r, "check"),
                _status(r, "emit"),
                _sim(r),
                _fmt(r.get("max_abs_error")) + (" / " + _fmt(r.get("atol")) if "atol" in r else ""),
                cells["fp32"],
                cells["fp16"],
                _fmt(r.get("seconds"), "%.0f s"),
                _failure(r),
            )
        )
    head = """# Model zoo coverage

Every torchvision %s classification and segmentation model (the builder functions of
`torchvision.models` and `torchvision.models.segmentation`) through the PC workflow of
[workflow.md](workflow.md): `trtgen-export weights` → `trtgen-export spec` → `trtgen check` →
`trtgen emit` → `trtgen simulate` against `trtgen-export reference --float64`, with the default
tolerance of [numerics.md](numerics.md). Weights are seeded random (torchvision's initialisation,
then every parameter of 256 or more values redrawn with the same standard deviation from
`bench/zoo/portable.py`, which any numpy reproduces), with BatchNorm statistics from three
train-mode passes on random data (`bench/zoo/zoo.py`). Input 1×3×%d×%d unless the model needs
another size (inception_v3 75², vit/maxvit 224²).

Generated by `bench/zoo/run.py` (results cached in `bench/zoo/results/`; rerun it after changes,
`--force` to recompute; rows marked *not run* have no cached result yet). %d of %d models run:
%d emit, %d simulate within tolerance. Simulation is skipped above `--max-simulate-params`.

%s

Columns: *layers* and *custom* from `trtgen check` (custom = PyTorch calls the drafter could
not map); *max error / atol*: the largest |simulated − reference| over the outputs and the
tolerance's absolute bound there; *GPU FP32 / FP16*: the generated builder's engine on the GPU
against the same float64 reference, max error / absolute bound (*stale*: verified with weights
of an earlier run); *time*: the whole row, export included.

| model | kind | input | params | layers | custom | check | emit | simulate | max error / atol | GPU FP32 | GPU FP16 | time | first failure or custom ops |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
""" % (
        _tv_version(),
        size,
        size,
        counts["run"],
        len(models),
        counts["emit"],
        counts["sim"],
        _gpu_summary(gpu, counts),
    )
    notes = ""
    if os.path.exists(NOTES):
        with open(NOTES, encoding="utf-8") as f:
            notes = "\n" + f.read().strip() + "\n"
    with open(TABLE, "w") as f:
        f.write(head + "\n".join(rows) + "\n" + notes)


def _gpu_summary(gpu, counts):
    """The table header's paragraph on the GPU columns."""
    how = (
        "On a GPU ([workflow.md](workflow.md#the-model-zoo-on-a-gpu-benchgpurunsh-flavor---zoo), which says "
        "how to rerun it): every model that emits "
        "without custom layers is compiled with `-Werror` and built as an FP32 (TF32 off) and an FP16 "
        "engine with real TensorRT, whose output `--verify` compares with the float64 reference "
        "(FP32: the default tolerance; FP16: atol = rtol = 2e-2 plus one FP16 rounding per layer, "
        "`FP16_SCALE_TOL` in `bench/gpu/zoo.py`). ‡: outside that bound, but within %d× of PyTorch's own "
        "error at the same precision, same weights and input, on the same GPU (`bench/gpu/torch_ref.py`; "
        "`PARITY_FACTOR` in `bench/gpu/zoo.py` says when this applies); the cell then shows that bound."
        % ((gpu or {}).get("parity", {}).get("factor", 4),)
    )
    if not gpu:
        return textwrap.fill(how + " No GPU results have been merged yet.", 98)
    return textwrap.fill(
        how
        + " GPU results: %s on %s, %s%s: %d models pass in FP32, %d in FP16."
        % (
            gpu["tensorrt"],
            gpu.get("gpu") or "?",
            gpu.get("date", "?"),
            ", builder --opt-level %s" % gpu["opt_level"] if gpu.get("opt_level") is not None else "",
            counts["fp32"],
            counts["fp16"],
        ),
        98,
    )


def _tv_version():
    import torchvision

    return torchvision.__version__.split("a")[0].split("+")[0]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--only", default=".*", help="regex on model names (search)")
    p.add_argument("--size", type=int, default=zoo.DEFAULT_SIZE, help="input height and width (default 64)")
    p.add_argument("--jobs", type=int, default=1, help="models at a time (default 1)")
    p.add_argument("--timeout", type=int, default=1800, help="seconds per model (default 1800)")
    p.add_argument(
        "--max-simulate-params",
        type=float,
        default=150e6,
        help="skip simulate above this many parameters (0: no limit; default 150e6)",
    )
    p.add_argument("--reference", choices=("float64", "float32"), default="float64")
    p.add_argument("--force", action="store_true", help="rerun models that have a cached result")
    p.add_argument("--table-only", action="store_true", help="only rewrite docs/model-zoo.md from the cache")
    p.add_argument("--no-bundle", action="store_true", help="do not write the GPU bundles (build/zoo-gpu/<model>/)")
    p.add_argument(
        "--gpu-results",
        metavar="FILE.json",
        help="merge bench/gpu/zoo.py's results into the table (kept in bench/zoo/results/gpu.json); implies --table-only",
    )
    p.add_argument("--one", help=argparse.SUPPRESS)
    p.add_argument("--keep", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.one:
        return _one(a)
    if a.gpu_results:
        gpu = load_gpu_results(a.gpu_results)
        os.makedirs(RESULTS, exist_ok=True)
        with open(GPU_RESULTS, "w", encoding="utf-8") as f:
            json.dump(gpu, f, indent=1, sort_keys=True)
            f.write("\n")
        a.table_only = True
    if not os.path.exists(os.path.join(ROOT, "dist", "cli", "main.js")):
        sys.exit("bench/zoo/run.py: dist/ is missing; run `npm run build` first")
    models = zoo.list_models()
    todo = [n for n, _, _ in models if re.search(a.only, n) and (a.force or not os.path.exists(_result_path(n)))]
    if not a.table_only:

        def go(name):
            r = run_one_isolated(name, a)
            print(
                "%-28s %s" % (name, json.dumps({k: v for k, v in r.items() if not k.endswith("_seconds")})), flush=True
            )
            write_table(models, a.size)

        with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
            list(ex.map(go, todo))
    write_table(models, a.size)
    print("wrote %s" % TABLE)


if __name__ == "__main__":
    main()
