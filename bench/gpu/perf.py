#!/usr/bin/env python3
"""The GPU performance table (docs/performance.md): trtgen's engine against the engine a user
would otherwise get (the same PyTorch model and weights exported with torch.onnx and built by
the same TensorRT release through its ONNX parser, with the same builder settings) and against
PyTorch eager, on the same GPU in the same run (bench/gpu/run.sh FLAVOR --perf runs this).

usage: perf.py STAGE --tensorrt-root DIR --build-dir DIR [--only REGEX] [--precisions fp32,fp16]
               [--phase build|time|all|report] [--jobs N] [--gpus N] [--shard I/N]
               [--iterations N] [--rounds N] [--deadline S] [--force] [--json FILE] [--markdown FILE]

STAGE/cases/<model>-b<batch>/ are the bundles of bench/perf/stage.py. Phase "build", per case:
the .wts from the recipe (bench/zoo/portable.py), trtgen's builder (compiled with CMake and
-Werror, as a user vendoring it would) writes an FP32 (TF32 off, its default) and an FP16
engine; the PyTorch model (bench/perf/perf_models.py) gets the same weights from the same
recipe, is exported with torch.onnx at the case's fixed shape, and TensorRT's ONNX parser +
builder write the same two engines with the builder settings trtgen's builder uses (workspace
1024 MiB, TF32 off, FP16 flag, default optimisation level). Build time (TensorRT's
buildSerializedNetwork, both) and engine size are recorded. Builds run --jobs at a time on each
of --gpus GPUs (default: every visible one; each build and export is pinned to one GPU).
Phase "time", alone on the GPU (nothing else runs): both engines are loaded into this process
and run by the same code (TensorRT's Python runtime, torch CUDA buffers, one stream): --rounds
alternating rounds of (trtgen, ONNX), each --iterations enqueues timed one by one with CUDA
events (latency: median over all) and --iterations enqueued back to back (throughput); PyTorch
eager (no_grad, cuDNN benchmark on, TF32 off for FP32, model.half() for FP16) timed the same
way; each engine's max abs error against PyTorch FP32 on the same seeded input; and a per-layer
profile of both engines (TensorRT's IProfiler: the slowest layers, names as the engine reports
them) kept in the results, to find which lowered layer a gap comes from.

Results are kept per case in BUILD_DIR/results/ (a later call resumes: a case with a result
for each requested precision is skipped unless --force); no case is started after --deadline
seconds. --shard I/N times only every N-th built case from the I-th (one process per GPU, each
alone on its GPU: run.sh does this on a machine of several GPUs); phase "report" only writes the
table and JSON of the kept results. --json writes every kept result with the TensorRT version, GPU and date; --markdown
the table. Needs: numpy, torch, torchvision, onnx, and TensorRT's Python bindings (PYTHONPATH;
run.sh installs the carried wheel).
"""

import argparse
import importlib.util
import json
import os
import re
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "bench", "perf"))
sys.path.insert(0, os.path.join(ROOT, "bench", "zoo"))
sys.path.insert(0, HERE)

WORKSPACE_MIB = 1024  # cpp-runtime/builder_main.cpp's default --workspace
ONNX_OPSET = 17
SEED = 1234


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


zoo_gpu = _load("zoo_gpu", os.path.join(HERE, "zoo.py"))
realtrt = zoo_gpu.realtrt  # test/realtrt/run.py, already loaded by zoo.py
torch_ref = _load("torch_ref", os.path.join(HERE, "torch_ref.py"))
perf_report = _load("perf_report", os.path.join(ROOT, "bench", "perf", "perf_report.py"))
PORTABLE = zoo_gpu.PORTABLE


def die(msg, code=2):
    print(f"perf.py: {msg}", file=sys.stderr)
    sys.exit(code)


# per-case results as zoo.py keeps its per-model ones (BUILD_DIR/results/<name>.json)
load_result = zoo_gpu.load_result


def save_result(build, r):
    zoo_gpu.save_result(build, r, r["case"])


# ----------------------------------------------------------------------------- PyTorch side


def torch_model(c, case_dir):
    """The case's PyTorch model with the bundle's weights (the recipe), eval mode, on the GPU."""
    import perf_models

    model = perf_models.make(c["model"])
    torch_ref._load(model, case_dir, c["recipe"])
    return model.eval().cuda()


def seeded_input(c):
    import numpy as np

    shape = c["io"]["inputs"][0]["shape"]
    return np.random.default_rng(SEED).standard_normal(shape).astype(np.float32)


#: torch.onnx.export keeps global state (GLOBALS.in_onnx_export): two exports at once in one
#: process fail, so the build phase's threads export one at a time.
_EXPORT_LOCK = threading.Lock()


def export_onnx(model, x, path):
    """torch.onnx.export at the case's fixed shape; the TorchScript exporter where this torch
    has it (what most deployment guides use), else the dynamo one. Returns the exporter's name."""
    with _EXPORT_LOCK:
        return _export_onnx(model, x, path)


def _export_onnx(model, x, path):
    import torch

    args = dict(input_names=["input"], output_names=["output"], opset_version=ONNX_OPSET, do_constant_folding=True)
    try:
        torch.onnx.export(model, (x,), path, dynamo=False, **args)
        return "torch.onnx (TorchScript)"
    except TypeError:  # a torch without the dynamo argument
        torch.onnx.export(model, (x,), path, **args)
        return "torch.onnx"


# ----------------------------------------------------------------------------- TensorRT side


def trt_module():
    try:
        import tensorrt as trt  # noqa: F401
    except ImportError:
        import tensorrt_bindings as trt
    return trt


_LOGGER = None


def logger():
    global _LOGGER
    if _LOGGER is None:
        trt = trt_module()
        _LOGGER = trt.Logger(trt.Logger.WARNING)
    return _LOGGER


def build_onnx_engine(onnx_path, prec, engine_path, timing_cache=None):
    """The ONNX -> TensorRT engine with trtgen's builder settings; returns (build_s, bytes).
    ``timing_cache``: a file read (when it exists) and written back, as the trtgen builder's
    --timing-cache does."""
    trt = trt_module()
    builder = trt.Builder(logger())
    network = builder.create_network(0)
    parser = trt.OnnxParser(network, logger())
    if not parser.parse_from_file(onnx_path):
        errs = [str(parser.get_error(i)) for i in range(parser.num_errors)]
        raise RuntimeError("the ONNX parser failed: " + " | ".join(errs[:3]))
    config = builder.create_builder_config()
    config.set_memory_pool_limit(trt.MemoryPoolType.WORKSPACE, WORKSPACE_MIB << 20)
    config.clear_flag(trt.BuilderFlag.TF32)
    if prec == "fp16":
        config.set_flag(trt.BuilderFlag.FP16)
    cache = None
    if timing_cache:
        old = open(timing_cache, "rb").read() if os.path.exists(timing_cache) else b""
        cache = config.create_timing_cache(old)
        config.set_timing_cache(cache, False)
    t0 = time.perf_counter()
    blob = builder.build_serialized_network(network, config)
    secs = time.perf_counter() - t0
    if cache is not None and blob is not None:
        with open(timing_cache, "wb") as f:
            f.write(memoryview(config.get_timing_cache().serialize()))
    if blob is None:
        raise RuntimeError("TensorRT could not build the ONNX engine")
    with open(engine_path, "wb") as f:
        f.write(blob)
    return round(secs, 2), os.path.getsize(engine_path)


class Engine:
    """A deserialized engine with torch CUDA buffers for its I/O tensors, run on ``stream``."""

    def __init__(self, path, stream):
        import torch

        trt = trt_module()
        self.trt = trt
        with open(path, "rb") as f:
            self.runtime = trt.Runtime(logger())
            self.engine = self.runtime.deserialize_cuda_engine(f.read())
        if self.engine is None:
            raise RuntimeError(f"cannot deserialize {path}")
        self.ctx = self.engine.create_execution_context()
        self.stream = stream
        types = {trt.float32: torch.float32, trt.float16: torch.float16, trt.int32: torch.int32}
        self.inputs, self.outputs = [], []
        for i in range(self.engine.num_io_tensors):
            name = self.engine.get_tensor_name(i)
            shape = tuple(self.engine.get_tensor_shape(name))
            t = torch.empty(shape, dtype=types[self.engine.get_tensor_dtype(name)], device="cuda")
            self.ctx.set_tensor_address(name, t.data_ptr())
            is_input = self.engine.get_tensor_mode(name) == trt.TensorIOMode.INPUT
            (self.inputs if is_input else self.outputs).append((name, t))

    def set_input(self, x):
        self.inputs[0][1].copy_(x.to(self.inputs[0][1].dtype))

    def enqueue(self):
        if not self.ctx.execute_async_v3(self.stream.cuda_stream):
            raise RuntimeError("execute_async_v3 failed")

    def output(self):
        return self.outputs[0][1]

    def profile(self, iterations):
        """{layer name: mean ms} over ``iterations`` runs with TensorRT's IProfiler."""
        import torch

        trt = self.trt
        times = {}

        class Profiler(trt.IProfiler):
            def __init__(self):
                trt.IProfiler.__init__(self)

            def report_layer_time(self, layer_name, ms):
                times[layer_name] = times.get(layer_name, 0.0) + ms

        prof = Profiler()
        self.ctx.profiler = prof
        try:
            for _ in range(iterations):
                self.enqueue()
                self.stream.synchronize()
        finally:
            self.ctx.profiler = None
        torch.cuda.synchronize()
        return {k: v / iterations for k, v in times.items()}


def time_runs(fn, stream, iterations):
    """(per-run latencies in ms, back-to-back ms per run) of ``fn`` enqueued on ``stream``."""
    import torch

    lat = []
    for _ in range(iterations):
        a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        a.record(stream)
        fn()
        b.record(stream)
        b.synchronize()
        lat.append(a.elapsed_time(b))
    a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    a.record(stream)
    for _ in range(iterations):
        fn()
    b.record(stream)
    b.synchronize()
    return lat, a.elapsed_time(b) / iterations


# ----------------------------------------------------------------------------- phases


def build_case(c, exe, stage, build, a, env, trtgen_version, gpu=0):
    """Phase build for one case: both engines per precision, on GPU ``gpu`` (the export and the
    ONNX build in this thread, the trtgen builder through CUDA_VISIBLE_DEVICES). Returns the
    partial result."""
    import torch

    torch.cuda.set_device(gpu)  # this thread's device: the model, the export, TensorRT's builder
    env = dict(env, CUDA_VISIBLE_DEVICES=_visible(env)[gpu])

    name = c["name"]
    case_dir = os.path.join(stage, "cases", name)
    work = os.path.join(build, "work", name)
    os.makedirs(work, exist_ok=True)
    log = os.path.join(work, "log.txt")
    r = {"case": name, "model": c["model"], "batch": c["batch"], "size": c["size"], "bundle_id": c["id"]}
    r.update(params=c["params"], layers=c["layers"], rows={})
    # the ONNX builds read the timing cache the trtgen builds wrote: their build_s is a warm build
    r["timing_cache"] = "shared by the trtgen and ONNX builds" if a.timing_cache else None
    wts = os.path.join(work, "model.wts")
    rc, out, _ = realtrt.run([sys.executable, PORTABLE, os.path.join(case_dir, c["recipe"]), "-o", wts], log)
    if rc != 0:
        r["error"] = "writing the .wts from the recipe failed: " + (out.strip().splitlines() or ["?"])[-1]
        return r
    onnx_path = os.path.join(work, "model.onnx")
    try:
        model = torch_model(c, case_dir)
        x = torch.from_numpy(seeded_input(c)).cuda()
        with torch.no_grad():
            r["onnx_exporter"] = export_onnx(model, x, onnx_path)
        r["onnx_bytes"] = os.path.getsize(onnx_path)
        del model
    except Exception as e:  # the table says so; trtgen's engines are still built
        r["onnx_error"] = "%s: %s" % (type(e).__name__, str(e).splitlines()[0][:300] if str(e) else "")
    for prec in a.precisions:
        row = {}
        engine = os.path.join(work, f"trtgen-{prec}.engine")
        cache = os.path.join(work, "timing.cache") if a.timing_cache else None
        extra = ["--timing-cache", cache] if cache else []
        t = realtrt.run_engine(c, prec, exe, case_dir, engine, log, env, wts=wts, timeout=a.timeout, extra=extra)
        row["trtgen"] = {k: t[k] for k in ("ok", "notes", "build_s", "engine_bytes", "seconds") if k in t}
        row["trtgen"]["engine"] = engine if t["ok"] else None
        if cache and t["ok"] and a.cache_demo and re.search(a.cache_demo, name):
            # the same engine built again with the timing cache the first build wrote (issue 13:
            # the second build is faster); the first engine is kept
            again = realtrt.run_engine(
                c, prec, exe, case_dir, engine + ".again", log, env, wts=wts, timeout=a.timeout, extra=extra
            )
            row["trtgen"]["build_s_with_cache"] = again.get("build_s")
            if os.path.exists(engine + ".again"):
                os.remove(engine + ".again")
        if "onnx_error" not in r:
            oe = os.path.join(work, f"onnx-{prec}.engine")
            try:
                secs, size = build_onnx_engine(onnx_path, prec, oe, cache)
                row["onnx"] = {"ok": True, "build_s": secs, "engine_bytes": size, "engine": oe}
            except Exception as e:
                row["onnx"] = {"ok": False, "notes": ["%s: %s" % (type(e).__name__, e)]}
        r["rows"][prec] = row
    os.remove(wts)
    r["trtgen_version"] = trtgen_version
    return r


def time_case(r, a):
    """Phase time for one built case (module docstring), in place."""
    import numpy as np
    import torch

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cudnn.benchmark = True
    stage = a.stage
    c = json.load(open(os.path.join(stage, "cases", r["case"], "bundle.json"), encoding="utf-8"))
    model = torch_model(c, os.path.join(stage, "cases", r["case"]))
    x = torch.from_numpy(seeded_input(c)).cuda()
    stream = torch.cuda.Stream()
    with torch.no_grad(), torch.cuda.stream(stream):
        ref = model(x).float()
        torch.cuda.synchronize()
        ref_np = ref.double().cpu().numpy()
        r["max_ref"] = float(np.abs(ref_np).max())
        for prec in a.precisions:
            row = r["rows"][prec]
            m = model if prec == "fp32" else model.half()
            xin = x if prec == "fp32" else x.half()
            for _ in range(10):
                m(xin)
            engines = {}
            for kind in ("trtgen", "onnx"):
                e = row.get(kind) or {}
                if e.get("ok") and e.get("engine") and os.path.exists(e["engine"]):
                    try:
                        engines[kind] = Engine(e["engine"], stream)
                        engines[kind].set_input(x)
                        for _ in range(10):
                            engines[kind].enqueue()
                        stream.synchronize()
                        out = engines[kind].output().double().cpu().numpy().reshape(ref_np.shape)
                        e["max_abs_error"] = float(np.abs(out - ref_np).max()) if np.isfinite(out).all() else None
                    except Exception as ex:
                        e["ok"] = False
                        e.setdefault("notes", []).append("running the engine: %s: %s" % (type(ex).__name__, ex))
                        engines.pop(kind, None)
            lat = {k: [] for k in list(engines) + ["torch"]}
            per = {k: [] for k in lat}
            for _ in range(a.rounds):  # alternating, so drift (clocks, heat) hits both alike
                for kind, eng in engines.items():
                    l, p = time_runs(eng.enqueue, stream, a.iterations)
                    lat[kind] += l
                    per[kind].append(p)
                l, p = time_runs(lambda m=m, xin=xin: m(xin), stream, a.iterations)
                lat["torch"] += l
                per["torch"].append(p)
            for kind in lat:
                stats = {
                    "latency_ms": round(statistics.median(lat[kind]), 4),
                    "p90_ms": round(sorted(lat[kind])[int(0.9 * (len(lat[kind]) - 1))], 4),
                    "throughput": round(r["batch"] * 1000.0 / statistics.median(per[kind]), 1),
                }
                if kind == "torch":
                    row["torch"] = stats
                else:
                    row[kind].update(stats)
            for kind, eng in engines.items():
                prof = eng.profile(a.profile_iterations)
                total = sum(prof.values())
                top = sorted(prof.items(), key=lambda kv: -kv[1])
                row[kind]["profile"] = {
                    "layers": len(prof),
                    "total_ms": round(total, 4),
                    "top": [[n, round(ms, 4)] for n, ms in top[: a.profile_top or None]],
                }
            if "trtgen" in engines and "onnx" in engines:
                row["ratio"] = round(row["trtgen"]["latency_ms"] / row["onnx"]["latency_ms"], 3)
            del engines
            if prec != "fp32":
                model = model.float()
    torch.cuda.empty_cache()
    r["timed"] = True
    return r


def builder_profile(r, a, env):
    """The generated builder's own per-layer profile of its engine (--no-build --bench N --profile
    FILE, the trtgen-profile format that `trtgen graph --profile` reads), per precision, written
    to BUILD_DIR/results/<case>.<precision>.profile.json; the file name is kept in the row."""
    exe = r.get("builder")
    for prec, row in r.get("rows", {}).items():
        engine = (row.get("trtgen") or {}).get("engine")
        if not exe or not engine or not os.path.exists(engine):
            continue
        out = os.path.join(a.build_dir, "results", f"{r['case']}.{prec}.profile.json")
        log = os.path.join(a.build_dir, "work", r["case"], "log.txt")
        cmd = [exe, "--engine", engine, "--no-build", "--bench", str(a.profile_iterations), "--profile", out]
        rc, text, _ = realtrt.run(cmd, log, env=env, timeout=a.timeout)
        if rc == 0 and os.path.exists(out):
            row["trtgen"]["builder_profile"] = os.path.basename(out)
        else:
            row["trtgen"]["builder_profile_error"] = (text.strip().splitlines() or ["?"])[-1][:300]


def _visible(env):
    """The physical GPU ids behind this process's CUDA device ordinals."""
    import torch

    ids = [x.strip() for x in env.get("CUDA_VISIBLE_DEVICES", "").split(",") if x.strip()]
    return ids or [str(i) for i in range(torch.cuda.device_count())]


def shard(spec):
    m = re.fullmatch(r"(\d+)/(\d+)", spec or "")
    if not m or not int(m.group(1)) < int(m.group(2)):
        raise argparse.ArgumentTypeError("--shard takes I/N with 0 <= I < N, e.g. 0/2")
    return int(m.group(1)), int(m.group(2))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("stage", help="folder with cases/<model>-b<batch>/ (bench/perf/stage.py's bundles)")
    ap.add_argument("--tensorrt-root", required=True)
    ap.add_argument("--build-dir", required=True, help="CMake build, engines and per-case results; reused")
    ap.add_argument("--only", help="regular expression selecting cases by name (search)")
    ap.add_argument("--precisions", default="fp32,fp16")
    ap.add_argument("--phase", choices=("build", "time", "all", "report"), default="all")
    ap.add_argument("--jobs", type=int, default=2, help="cases built at a time per GPU (default 2)")
    ap.add_argument("--gpus", type=int, help="GPUs the build phase uses (default: every visible one)")
    ap.add_argument("--shard", type=shard, default=(0, 1), help="time every N-th case from the I-th (I/N)")
    ap.add_argument("--compile-jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument(
        "--timing-cache",
        action="store_true",
        help="one TensorRT timing cache per case, shared by its trtgen and ONNX builds (the builder's "
        "--timing-cache): identical layers get the same kernel in both engines, and builds after the first are faster",
    )
    ap.add_argument(
        "--cache-demo",
        default="^resnet50-b1$",
        help="with --timing-cache: cases (regular expression) whose trtgen engines are built a second "
        "time with the cache the first build wrote, to show the build time it saves (default ^resnet50-b1$)",
    )
    ap.add_argument("--iterations", type=int, default=200, help="timed runs per round and engine (200)")
    ap.add_argument("--rounds", type=int, default=3, help="alternating timing rounds (3)")
    ap.add_argument("--profile-iterations", type=int, default=20)
    ap.add_argument("--profile-top", type=int, default=0, help="slowest layers kept per engine (0: all)")
    ap.add_argument("--deadline", type=float, default=500, help="start no case after this many seconds (500)")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per builder run")
    ap.add_argument("--force", action="store_true", help="rebuild/retime cases that have a result")
    ap.add_argument("--json", help="write every kept result here")
    ap.add_argument("--markdown", help="write the table here")
    a = ap.parse_args()
    start = time.monotonic()
    a.precisions = [p for p in a.precisions.split(",") if p]
    a.stage, build, root = (os.path.abspath(p) for p in (a.stage, a.build_dir, a.tensorrt_root))
    a.build_dir = build
    version, rtx = realtrt.tensorrt_version(root)
    if rtx:
        die("TensorRT-RTX cannot run engines on this GPU; the table needs TensorRT 10.6 or 8.6")
    gpu = realtrt.gpu_name()
    cases = zoo_gpu.load_cases(a.stage, a.only)
    if not cases:
        die("no case selected")
    os.makedirs(os.path.join(build, "results"), exist_ok=True)
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = os.path.join(root, "lib") + (":" + env.get("LD_LIBRARY_PATH", "")).rstrip(":")
    trtgen_version = json.load(open(os.path.join(ROOT, "package.json"), encoding="utf-8"))["version"]

    def built(c):
        r = load_result(build, c["name"])
        return (
            r is not None
            and r.get("bundle_id") == c["id"]
            and all(p in r["rows"] for p in a.precisions)
            and all(os.path.exists((r["rows"][p].get("trtgen") or {}).get("engine") or "") for p in a.precisions)
        )

    if a.phase in ("build", "all"):
        import queue

        import torch

        todo = [c for c in cases if a.force or not built(c)]
        todo.sort(key=lambda c: -(c["params"] * c["batch"]))
        gpus = min(a.gpus or torch.cuda.device_count(), torch.cuda.device_count()) or 1
        slots = queue.Queue()  # a free (GPU, job) slot per running build
        for i in range(gpus * max(1, a.jobs)):
            slots.put(i % gpus)
        print(
            f"{version}; {gpu}; {len(cases)} cases, {len(todo)} to build, {a.jobs} at a time on each of {gpus} GPUs",
            flush=True,
        )
        if todo:
            log = os.path.join(build, "compile.log")
            open(log, "w").close()
            t0 = time.monotonic()
            exes = zoo_gpu.compile_builders(a.stage, build, root, todo, a.compile_jobs, log)
            bad = {n: e for n, e in exes.items() if not os.path.isabs(e)}
            print(f"compiled {len(exes) - len(bad)} of {len(exes)} builders in {time.monotonic() - t0:.0f} s")
            for n, e in bad.items():
                print(f"{n:<28} {e}", flush=True)

            def one(c):
                if time.monotonic() - start > a.deadline or c["name"] in bad:
                    return None
                t1 = time.monotonic()
                dev = slots.get()
                try:
                    r = build_case(c, exes[c["name"]], a.stage, build, a, env, trtgen_version, dev)
                finally:
                    slots.put(dev)
                r["builder"] = exes[c["name"]]
                r["build_gpu"] = dev
                r.update(tensorrt=version, gpu=gpu, date=time.strftime("%Y-%m-%d"))
                save_result(build, r)
                builds = " ".join(
                    f"{p}: {row.get('trtgen', {}).get('build_s')} s / {row.get('onnx', {}).get('build_s')} s"
                    for p, row in r["rows"].items()
                )
                print(f"built {c['name']:<26} {builds} ({time.monotonic() - t1:.0f} s)", flush=True)
                return r

            with ThreadPoolExecutor(max_workers=gpus * max(1, a.jobs)) as ex:
                done = [r for r in ex.map(one, todo) if r is not None]
            if len(done) < len(todo):
                print(f"deadline: {len(todo) - len(done)} cases not built; call again to resume", flush=True)
    if a.phase in ("time", "all"):
        first, every = a.shard
        for c in cases[first::every]:
            r = load_result(build, c["name"])
            if r is None or not built(c) or (r.get("timed") and not a.force):
                continue
            if time.monotonic() - start > a.deadline:
                print("deadline: timing stops here; call again to resume", flush=True)
                break
            t1 = time.monotonic()
            try:
                time_case(r, a)
                builder_profile(r, a, env)
            except Exception as e:
                r["time_error"] = "%s: %s" % (type(e).__name__, str(e)[:300])
            save_result(build, r)
            print(
                f"timed {c['name']:<26} "
                + "  ".join(
                    f"{p}: {row.get('trtgen', {}).get('latency_ms')} / {row.get('onnx', {}).get('latency_ms')} ms"
                    f" (ratio {row.get('ratio')})"
                    for p, row in r["rows"].items()
                )
                + f" ({time.monotonic() - t1:.0f} s)",
                flush=True,
            )
    results = [r for r in (load_result(build, c["name"]) for c in cases) if r is not None]
    table = perf_report.markdown({r["case"]: r for r in results}, a.precisions)
    print(table)
    if a.markdown:
        with open(a.markdown, "w", encoding="utf-8") as f:
            f.write(table)
    if a.json:
        realtrt.write_results(a.json, version, gpu, cases={r["case"]: r for r in results})
    ratios = [row.get("ratio") for r in results for row in r.get("rows", {}).values()]
    timed = [x for x in ratios if x is not None]
    print(f"{len(timed)} rows timed; trtgen/ONNX latency ratio max {max(timed) if timed else '–'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
