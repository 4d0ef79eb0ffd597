#!/usr/bin/env python3
"""Builds every staged network with a real TensorRT and checks what it built.

usage: run.py STAGE_DIR --tensorrt-root DIR [--precisions fp32,fp16,int8] [--verify]
              [--bench N] [--jobs N] [--only REGEX] [--markdown FILE] [--json FILE]

STAGE_DIR comes from `node test/realtrt/prepare.mjs STAGE_DIR` (sources, weights,
PyTorch references and manifest.json). One CMake project adds every network's
generated folder (add_subdirectory, as a user vendoring them would) and builds all
of them with -Werror (the trtgen runtime they share is compiled once), plus one
program linking all of them. Then, per network and precision, the generated builder
writes an engine; its `io:` lines (the engine's I/O tensors) must equal what
`trtgen check` inferred. With --verify (needs a GPU) the engine's output is compared
with PyTorch's (--verify INPUT EXPECTED), with --bench N it is timed. A dynamic-shape
network (spec `profiles`) is verified and timed at each shape it has references for
(profile 0's min, opt, max and others; --shape NAME=AxBx...): one row per shape,
named NETWORK@LABEL; its `io:` lines show -1 where a dimension varies.

TensorRT-RTX (lib/libtensorrt_rtx.so) builds engines CPU-only, so CI runs this
without a GPU; it has no plugin layers, so for networks that use plugins the check
is that CMake refuses them with the documented message. Standard library only: it
also runs on the GPU machine, which has Python but no Node.js.
Precision int8 (TensorRT 8.x-10.x) calibrates each example with one float32 input on the set
prepare.mjs stages (CASE/calib: the reference input and seeded normal samples), writing the
calibration cache beside the engine; --bench then also prints each network's INT8 latency
against FP16's (give --precisions fp16,int8). On TensorRT-RTX (and 11) the check is that the
builder refuses --int8 with its message.
Prints one table; exit status 0 when every row passes, 1 otherwise, 2 usage error.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

TOLERANCES = {  # --verify tolerances per precision: |engine - pytorch| <= atol + rtol * |pytorch|
    "fp32": (1e-4, 1e-4),  # TF32 off (the builder's default): exact FP32 up to summation order
    "fp16": (2e-2, 2e-2),
    # INT8 (FP16 fallback) against PyTorch's FP32: the builder's INT8 default. 8-bit activations
    # leave errors of a few percent of a tensor's range; the table prints the max abs error.
    "int8": (1e-1, 1e-1),
}
INT8_REFUSED = "has no INT8 calibration (implicit quantization and calibrators were removed)"


def die(msg, code=2):
    print(f"run.py: {msg}", file=sys.stderr)
    sys.exit(code)


def tensorrt_version(root):
    """('TensorRT-RTX 1.7.1', True) or ('TensorRT 10.6.0', False) from NvInferVersion.h."""
    path = os.path.join(root, "include", "NvInferVersion.h")
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        die(f"{path} is missing: is {root} a TensorRT root (include/, lib/)? scripts/fetch-tensorrt.sh installs one")
    defs = dict(re.findall(r"#define\s+(\w+)\s+(\w+)", text))

    def val(name, depth=0):
        v = defs.get(name, "?")
        return val(v, depth + 1) if v in defs and depth < 4 else v

    if "TRT_MAJOR_RTX" in defs:
        return f"TensorRT-RTX {val('TRT_MAJOR_RTX')}.{val('TRT_MINOR_RTX')}.{val('TRT_PATCH_RTX')}", True
    return f"TensorRT {val('NV_TENSORRT_MAJOR')}.{val('NV_TENSORRT_MINOR')}.{val('NV_TENSORRT_PATCH')}", False


def gpu_name():
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=name,driver_version", "--format=csv,noheader"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        return out.stdout.strip().splitlines()[0] if out.returncode == 0 and out.stdout.strip() else None
    except (OSError, subprocess.SubprocessError):
        return None


IO_LINE = re.compile(r'^io: (input|output) "((?:[^"\\]|\\.)*)" (\S+) \[([^\]]*)\]$')


def unescape(name):
    return re.sub(r"\\x([0-9a-fA-F]{2})|\\(.)", lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), name)


def parse_io(stdout):
    io = []
    for line in stdout.splitlines():
        m = IO_LINE.match(line.strip())
        if m:
            dims = [int(d) for d in m.group(4).split(",") if d.strip()]
            io.append({"kind": m.group(1), "name": unescape(m.group(2)), "dtype": m.group(3), "shape": dims})
    return io


def expected_io(case):
    return [{"kind": "input", **t} for t in case["io"]["inputs"]] + [
        {"kind": "output", **t} for t in case["io"]["outputs"]
    ]


def fmt_io(t):
    return f'{t["kind"]} "{t["name"]}" {t["dtype"]} {t["shape"]}'


def run(cmd, log, cwd=None, env=None, timeout=None):
    start = time.monotonic()
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, errors="replace")
        out, rc = p.stdout + p.stderr, p.returncode
    except subprocess.TimeoutExpired as e:
        partial = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        out, rc = f"{partial}\ntimed out after {timeout} s", 124
    with open(log, "a", encoding="utf-8") as f:
        f.write(f"$ {' '.join(cmd)}\n{out}\n[exit {rc}]\n")
    return rc, out, time.monotonic() - start


def write_results(path, version, gpu, **fields):
    """A results JSON of the GPU harness: the TensorRT release, GPU and date, then ``fields``
    (read by bench/gpu/report.py and bench/zoo/run.py --gpu-results)."""
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"tensorrt": version, "gpu": gpu, "date": time.strftime("%Y-%m-%d"), **fields}, f, indent=1)
        f.write("\n")


def run_engine(
    c,
    prec,
    exe,
    case_dir,
    engine,
    log,
    env,
    verify=False,
    tolerance=None,
    bench=0,
    timeout=600,
    wts=None,
    extra=(),
    ref=None,
):
    """Runs case ``c``'s builder ``exe`` once: the engine in precision ``prec`` (fp32: TF32 off,
    fp16), its I/O lines checked against trtgen check's, with ``verify`` compared with the
    case's references (``tolerance``: (atol, rtol) or (atol, rtol, scale-tol)), with ``bench``
    timed. ``wts`` defaults to the case's own; ``extra``: more builder arguments; ``ref``: the
    references to verify with (default the case's; a dynamic-shape case's run, whose shapes
    go to --shape and whose label names the row). Returns the
    result row: ok, notes, shapes (a dynamic-shape run's), seconds, build_s, engine_bytes, max_abs_error, bound (the absolute
    part of the tolerance at the worst output), latency_ms."""
    ref = ref if ref is not None else c.get("verify")
    label = f"{c['name']}@{ref['label']}" if ref and "label" in ref else c["name"]
    row = {"network": label, "precision": prec, "ok": True, "notes": []}
    if ref and "shapes" in ref:
        row["shapes"] = ref["shapes"]  # the input shapes it runs at (bench/gpu/report.py shows them)
    cmd = [exe, "--engine", engine]
    if wts is None and "wts" in c:
        wts = os.path.join(case_dir, c["wts"])
    if wts is not None:
        cmd += ["--wts", wts]
    if prec == "fp16":
        cmd.append("--fp16")
    cmd += list(extra)
    if ref and "shapes" in ref and (verify or bench):
        for name, dims in ref["shapes"].items():
            cmd += ["--shape", f"{name}={'x'.join(map(str, dims))}"]
    if verify:
        for name, f in ref["inputs"].items():
            cmd += ["--input", f"{name}={os.path.join(case_dir, f)}"]
        for name, f in ref["expected"].items():
            cmd += ["--expect", f"{name}={os.path.join(case_dir, f)}"]
        for option, value in zip(("--atol", "--rtol", "--scale-tol"), tolerance):
            cmd += [option, str(value)]
    if bench:
        cmd += ["--bench", str(bench)]
    rc, out, secs = run(cmd, log, env=env, timeout=timeout)
    row["seconds"] = round(secs, 2)
    m = re.search(r"^built the engine in ([0-9.]+) s", out, re.M)
    if m:
        row["build_s"] = float(m.group(1))
    m = re.search(r"^wrote \S.* \((\d+) bytes\)", out, re.M)
    if m:
        row["engine_bytes"] = int(m.group(1))
    got, want = parse_io(out), expected_io(c)
    if rc not in (0, 5):
        row["ok"] = False
        tail = [l for l in out.strip().splitlines() if l.strip()][-3:]
        row["notes"].append(f"builder exit {rc}: " + " | ".join(tail))
    elif got != want:
        row["ok"] = False
        row["notes"].append(
            "engine I/O differs from trtgen check: got "
            + "; ".join(map(fmt_io, got))
            + " — expected "
            + "; ".join(map(fmt_io, want))
        )
    if verify and rc in (0, 5):
        found = re.findall(r"max abs error ([0-9.eE+-]+|nan|inf), .*?atol ([0-9.eE+-]+|nan|inf)", out)
        errs = [float(e) for e, _ in found]
        row["max_abs_error"] = max(errs) if errs else None
        if found:
            row["bound"] = min(float(b) for _, b in found)
        if rc != 0 or not re.search(r"^verify: PASSED", out, re.M):
            row["ok"] = False
            row["notes"].append("verify FAILED: " + " | ".join(re.findall(r"^verify: FAILED.*$", out, re.M)))
    m = re.search(r"latency ms: mean ([0-9.]+)\s+p50 ([0-9.]+)", out)
    if m:
        row["latency_ms"] = float(m.group(2))
    return row


def int8_args(c, case_dir, engines):
    """The builder's INT8 options for case ``c``: its staged calibration set, the cache beside the engine."""
    cache = os.path.join(engines, f"{c['name']}.int8.calib")
    return ["--int8", "--calib-dir", os.path.join(case_dir, c["calib"]), "--calib-cache", cache]


def int8_removed(version, rtx):
    """True on TensorRT-RTX and TensorRT 11+, which removed INT8 calibration (the builder
    refuses --int8: cpp-runtime/trt_compat.h's kInt8Calibration)."""
    major = re.match(r"TensorRT (\d+)\.", version)
    return rtx or (major is not None and int(major.group(1)) >= 11)


def int8_row(c, exe, engines, log, env, removed):
    """The row of a case that is not built in INT8: where INT8 calibration was removed
    (int8_removed), the builder's refusal of --int8 (checked); for networks without a
    calibration set, a note. None: build it."""
    if removed:
        refused = [exe, "--engine", os.path.join(engines, "refused.engine"), "--int8", "--calib-dir", "."]
        rc, out, _ = run(refused, log, env=env)
        ok = rc == 2 and INT8_REFUSED in out
        note = (
            "--int8 refused with its message (no INT8 calibration there)"
            if ok
            else f"expected exit 2 and '{INT8_REFUSED}'"
        )
        return {"network": c["name"], "precision": "int8", "ok": ok, "note": note}
    if "calib" not in c:
        return {
            "network": c["name"],
            "precision": "int8",
            "ok": True,
            "note": "skipped: no calibration set (one float32 input)",
        }
    return None


def int8_speedups(rows):
    """'name: int8 X ms vs fp16 Y ms (Zx)' for networks with both latencies."""
    lat = {(r["network"], r["precision"]): r.get("latency_ms") for r in rows}
    lines = []
    for (name, prec), ms in lat.items():
        fp16 = lat.get((name, "fp16"))
        if prec == "int8" and ms and fp16:
            lines.append(f"{name}: int8 {ms:.4f} ms vs fp16 {fp16:.4f} ms ({fp16 / ms:.2f}x)")
    return lines


def compile_cases(stage, cases, build, root, jobs, log, all_in_one=True, targets=None):
    """Configures the superproject of ``cases`` (write_superproject) in ``build`` against
    TensorRT ``root`` and builds it (or only ``targets``) with -Werror, keeping going past
    errors; exits when CMake cannot configure. Returns the build's (exit status, output)."""
    write_superproject(stage, cases, all_in_one)
    rc, out, _ = run(
        [
            "cmake",
            "-S",
            stage,
            "-B",
            build,
            f"-DTensorRT_ROOT={root}",
            "-DCMAKE_BUILD_TYPE=Release",
            "-DTRTGEN_WARNINGS_AS_ERRORS=ON",
        ],
        log,
    )
    if rc != 0:
        print(out[-4000:])
        die("CMake configure failed (log above)", 1)
    only = ["--target", *targets] if targets else []
    rc, out, _ = run(["cmake", "--build", build, "-j", str(jobs), *only, "--", "-k"], log)
    return rc, out


ALL_IN_ONE = "trtgen_all_networks"  # one program linking every network library


def write_superproject(stage, cases, all_in_one=True):
    """Every case's folder, plus (``all_in_one``) one program that includes every network
    header and links every network library whole (a runtime compiled into each would then
    be a duplicate definition)."""
    lines = [
        "# Written by test/realtrt/run.py: every staged network, vendored as a user would.",
        "cmake_minimum_required(VERSION 3.17)",
        "project(trtgen_realtrt LANGUAGES CXX)",
    ]
    lines += [f"add_subdirectory(cases/{c['name']}/src cases/{c['name']})" for c in cases]
    if not all_in_one:
        with open(os.path.join(stage, "CMakeLists.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        return
    includes, calls = [], []
    for c in cases:
        header = os.path.join(stage, "cases", c["name"], "src", f"{c['stem']}_network.h")
        ns = re.search(r"^namespace (\S+) \{", open(header, encoding="utf-8").read(), re.M).group(1)
        includes.append(f'#include "cases/{c["name"]}/src/{c["stem"]}_network.h"')
        calls.append(f"  (void)&{ns}::buildNetwork;")
    with open(os.path.join(stage, f"{ALL_IN_ONE}.cpp"), "w", encoding="utf-8") as f:
        f.write("\n".join(includes) + "\n\nint main() {\n" + "\n".join(calls) + "\n  return 0;\n}\n")
    libs = " ".join(f"{c['stem']}_network" for c in cases)
    lines += [
        f"add_executable({ALL_IN_ONE} {ALL_IN_ONE}.cpp)",
        f"target_include_directories({ALL_IN_ONE} PRIVATE ${{CMAKE_CURRENT_SOURCE_DIR}})",
        f"target_link_libraries({ALL_IN_ONE} PRIVATE -Wl,--whole-archive {libs} -Wl,--no-whole-archive)",
    ]
    with open(os.path.join(stage, "CMakeLists.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("stage")
    ap.add_argument("--tensorrt-root", required=True)
    ap.add_argument("--precisions", default="fp32,fp16")
    ap.add_argument("--verify", action="store_true", help="run each engine against PyTorch's output (needs a GPU)")
    ap.add_argument("--bench", type=int, default=0, metavar="N", help="time N runs of each engine (needs a GPU)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--only", help="regular expression selecting networks by name")
    ap.add_argument("--markdown", help="also write the table to this file")
    ap.add_argument("--json", help="also write the results as JSON")
    ap.add_argument("--build-dir", help="CMake build folder (default STAGE_DIR/build); reused between runs")
    ap.add_argument(
        "--compile-only", action="store_true", help="only compile the builders (any TensorRT, no GPU needed)"
    )
    ap.add_argument("--timeout", type=int, default=600, help="seconds per builder run (default 600)")
    a = ap.parse_args()

    stage = os.path.abspath(a.stage)
    root = os.path.abspath(a.tensorrt_root)
    precisions = [p for p in a.precisions.split(",") if p]
    for p in precisions:
        if p not in TOLERANCES:
            die(f"unknown precision '{p}' (expected fp32, fp16, int8)")
    try:
        manifest = json.load(open(os.path.join(stage, "manifest.json"), encoding="utf-8"))
    except (OSError, ValueError) as e:
        die(f"cannot read {stage}/manifest.json ({e}); run node test/realtrt/prepare.mjs {a.stage} first")
    version, rtx = tensorrt_version(root)
    if rtx and (a.verify or a.bench):
        die("TensorRT-RTX here builds CPU-only and cannot run engines on this GPU; drop --verify/--bench")
    cases = [c for c in manifest["cases"] if not a.only or re.search(a.only, c["name"])]
    if not cases:
        die("no network selected")
    gpu = gpu_name()
    print(
        f"{version} at {root}; {gpu or 'no GPU'}; {len(cases)} networks, precisions {', '.join(precisions)}", flush=True
    )

    build = os.path.abspath(a.build_dir) if a.build_dir else os.path.join(stage, "build")
    engines = os.path.join(build, "engines")
    log = os.path.join(stage, "log.txt")
    shutil.rmtree(engines, ignore_errors=True)
    os.makedirs(engines, exist_ok=True)
    open(log, "w").close()
    rows = []

    # TensorRT-RTX has no plugin layers: CMake must refuse such a network with a clear message.
    buildable = [c for c in cases if not (rtx and c["plugins"])]
    for c in cases:
        if c in buildable:
            continue
        rc, out, _ = run(
            [
                "cmake",
                "-S",
                os.path.join(stage, "cases", c["name"], "src"),
                "-B",
                os.path.join(build, "refused", c["name"]),
                f"-DTensorRT_ROOT={root}",
            ],
            log,
        )
        ok = rc != 0 and "TensorRT-RTX, which has no plugin layers" in out
        rows.append(
            {
                "network": c["name"],
                "precision": "-",
                "ok": ok,
                "note": "CMake refuses it: plugins on TensorRT-RTX"
                if ok
                else f"expected CMake to refuse the plugin layers {c['plugins']} for TensorRT-RTX",
            }
        )

    t0 = time.monotonic()
    rc, out = compile_cases(stage, buildable, build, root, a.jobs, log)
    print(
        f"compiled {len(buildable)} builders in {time.monotonic() - t0:.0f} s{'' if rc == 0 else ' (with errors)'}",
        flush=True,
    )
    compile_errors = out
    if buildable:
        linked = os.path.exists(os.path.join(build, ALL_IN_ONE))
        rows.append(
            {
                "network": f"all {len(buildable)} in one program",
                "precision": "-",
                "ok": linked,
                "note": "every header included, every network library linked whole"
                if linked
                else "does not link: "
                + next(
                    (l.strip() for l in out.splitlines() if "multiple definition" in l or "error" in l), "see log.txt"
                ),
            }
        )

    if a.compile_only:
        precisions = []
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = os.path.join(root, "lib") + (
        ":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else ""
    )
    for c in buildable:
        exe = os.path.join(build, "cases", c["name"], f"{c['stem']}_builder")
        case_dir = os.path.join(stage, "cases", c["name"])
        if not os.path.exists(exe):
            lines = compile_errors.splitlines()
            # the runtime is compiled once, in the first network's folder: its errors concern every network
            here = (f"/cases/{c['name']}/", "/runtime/")
            errs = [l for l in lines if any(h in l for h in here) and ("error" in l or "warning" in l)]
            errs += [l for l in lines if "undefined reference" in l or re.search(r"ld: .*not found", l)]
            rows.append(
                {
                    "network": c["name"],
                    "precision": "-",
                    "ok": False,
                    "note": "does not compile: " + (errs[0].strip() if errs else "see log.txt"),
                }
            )
            continue
        if not precisions:
            rows.append({"network": c["name"], "precision": "-", "ok": True, "note": "compiled (-Werror)"})
        # a dynamic-shape case is verified (and timed) at each of its run shapes: one row per run
        refs = c.get("verify", {}).get("runs") if a.verify or a.bench else None
        for prec in precisions:
            if prec == "int8":
                row = int8_row(c, exe, engines, log, env, int8_removed(version, rtx))
                if row is not None:
                    rows.append(row)
                    print(f"{'ok  ' if row['ok'] else 'FAIL'} {c['name']:<28} int8  {row['note']}", flush=True)
                    continue
            for ref in refs or [c.get("verify")]:
                verify = bool(a.verify and ref)
                unverifiable = verify and prec == "fp16" and ref.get("fp16_unverifiable")
                if unverifiable:
                    verify = False
                row = run_engine(
                    c,
                    prec,
                    exe,
                    case_dir,
                    os.path.join(engines, f"{c['name']}.{prec}.engine"),
                    log,
                    env,
                    verify=verify,
                    tolerance=TOLERANCES[prec],
                    bench=a.bench,
                    timeout=a.timeout,
                    ref=ref,
                    extra=int8_args(c, case_dir, engines) if prec == "int8" else (),
                )
                if unverifiable:
                    row["notes"].append("FP16 engine built, not verified: " + unverifiable)
                elif a.verify and not verify:
                    row["notes"].append("no PyTorch reference")
                rows.append(row)
                status = "ok  " if row["ok"] else "FAIL"
                print(
                    f"{status} {row['network']:<28} {prec}  {row['seconds']:6.2f} s  {'; '.join(row['notes'])}",
                    flush=True,
                )

    # ---- the table
    head = [
        "network",
        "precision",
        "result",
        "max abs error",
        "latency p50 (ms)",
        "engine build (s)",
        "engine size",
        "notes",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        err = r.get("max_abs_error")
        lines.append(
            "| "
            + " | ".join(
                [
                    r["network"],
                    r["precision"],
                    "pass" if r["ok"] else "**FAIL**",
                    "" if err is None else f"{err:.3g}",
                    f"{r['latency_ms']:.4f}" if "latency_ms" in r else "",
                    f"{r['build_s']:.2f}" if "build_s" in r else (f"{r['seconds']:.2f}*" if "seconds" in r else ""),
                    f"{r['engine_bytes'] / 1024:.0f} KiB" if "engine_bytes" in r else "",
                    "; ".join(r.get("notes", [])) or r.get("note", ""),
                ]
            ).replace("\n", " ")
            + " |"
        )
    failed = sum(not r["ok"] for r in rows)
    summary = f"{len(rows) - failed} passed, {failed} failed ({version}{', ' + gpu if gpu else ', CPU-only'})"
    table = "\n".join(lines)
    speedups = int8_speedups(rows)
    if speedups:
        table += "\n\nINT8 against FP16 (p50 latency): " + "; ".join(speedups)
    print("\n" + table + "\n\n" + summary)
    if a.markdown:
        with open(a.markdown, "w", encoding="utf-8") as f:
            f.write(table + "\n\n" + summary + "\n")
    if a.json:
        write_results(a.json, version, gpu, rows=rows, tolerances=TOLERANCES)
    if failed:
        print(f"details: {log}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
