#!/usr/bin/env python3
"""Benchmark the vectorised .wts writer against the per-value struct.pack reference loop.

    PYTHONPATH=python /usr/bin/python3 python/bench/bench_export.py [--params 50000000]
    /usr/bin/python3 python/bench/bench_export.py --paired 5 [--params 50000000]

Builds a synthetic float32 state_dict with about --params values (conv/bn/linear-like
tensor shapes), writes it with both writers into a temp folder, checks that the
files are byte-identical and prints seconds for each and the speed-up ratio.

--paired N times what a user runs, .pth to .wts end to end, each in a fresh process
(torch import, torch.load, writing): `trtgen-export weights` against the per-value loop of
tensorrtx's gen_wts.py, in N rounds of one run each, the order rotating from round to
round and backwards every other round; it prints the wall-clock and CPU (user + system) seconds of every run, their medians
and ranges, and the rounds' ratios; the goal (>= 6x) is judged on the median of the rounds'
wall-clock ratios. --before DIR adds a third arm, trtgen-export from an earlier python/
folder. The .pth is kept in bench/out/.
"""

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch  # noqa: E402
from trtgen_export.weights import export_weights, select_tensors, tensor_to_numpy  # noqa: E402
from trtgen_export.wts import write_wts_reference  # noqa: E402

SHAPES = [
    (256, 256, 3, 3),
    (256,),
    (256,),
    (256,),
    (256,),
    (512, 256, 1, 1),
    (1000, 512),
    (1000,),
    (64, 3, 7, 7),
    (128, 64, 3, 3),
]


def synthetic_state_dict(n_params, seed=0):
    gen = torch.Generator().manual_seed(seed)
    sd, total, i = {}, 0, 0
    while total < n_params:
        shape = SHAPES[i % len(SHAPES)]
        numel = 1
        for s in shape:
            numel *= s
        if total + numel > n_params:
            shape = (n_params - total,)
            numel = shape[0]
        sd["block%d.t%d.%s" % (i // len(SHAPES), i % len(SHAPES), "weight" if len(shape) > 1 else "bias")] = (
            torch.randn(shape, generator=gen)
        )
        total += numel
        i += 1
    return sd


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


#: the speed-up --paired is to reach against the per-value loop (issue 12)
GOAL = 6

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(os.path.dirname(PYTHON_DIR), "bench", "out")


def reference_export(pth, out):
    """gen_wts.py's way, in this process: torch.load, then one struct.pack per value."""
    sd = torch.load(pth, map_location="cpu")
    entries, _ = select_tensors(sd)
    items = [(name, tensor_to_numpy(name, t)[0]) for name, t in entries]
    with open(out, "w", encoding="ascii", newline="\n") as f:
        write_wts_reference(f, items)


def timed(cmd, python_dir=PYTHON_DIR):
    """Run ``cmd`` with ``python_dir`` as PYTHONPATH; returns (wall seconds, CPU seconds: the
    child's user + system time)."""
    env = dict(os.environ, PYTHONPATH=python_dir)
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t0
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise subprocess.CalledProcessError(child.returncode, cmd)
    return wall, usage.ru_utime + usage.ru_stime


def spread(values):
    """'median (min-max)' of ``values``."""
    return "%.2f (%.2f-%.2f)" % (statistics.median(values), min(values), max(values))


def paired(args):
    os.makedirs(OUT_DIR, exist_ok=True)
    pth = os.path.join(OUT_DIR, "export_%d.pth" % args.params)
    if not os.path.exists(pth):
        torch.save(synthetic_state_dict(args.params), pth + ".tmp")
        os.replace(pth + ".tmp", pth)
    ours_out, ref_out = os.path.join(OUT_DIR, "export_ours.wts"), os.path.join(OUT_DIR, "export_ref.wts")
    ours, ref = "trtgen-export weights", "per-value loop"
    arms = {
        ours: [sys.executable, "-m", "trtgen_export", "weights", pth, "-o", ours_out, "-q"],
        ref: [sys.executable, os.path.abspath(__file__), "--reference-export", pth, ref_out],
    }
    before_out = os.path.join(OUT_DIR, "export_before.wts")
    if args.before:
        arms["--before"] = arms[ours][:-3] + ["-o", before_out, "-q"]
    print(
        "%d float32 values (%.1f MB .pth), %d paired rounds, %d cores, load average %s"
        % (args.params, os.path.getsize(pth) / 1e6, args.paired, os.cpu_count(), os.getloadavg()[0])
    )
    wall = {name: [] for name in arms}
    cpu = {name: [] for name in arms}
    for i in range(args.paired):
        # rotating, and backwards in odd rounds: no arm always follows the same other one
        order = list(arms)[i % len(arms) :] + list(arms)[: i % len(arms)]
        order = order if i % 2 == 0 else order[::-1]
        for name in order:
            w, c = timed(arms[name], args.before if name == "--before" else PYTHON_DIR)
            wall[name].append(w)
            cpu[name].append(c)
        print(
            "   round %d: %s"
            % (i + 1, ", ".join("%s %.2f s (CPU %.2f s)" % (n, wall[n][-1], cpu[n][-1]) for n in order))
        )
    same = sha256(ours_out) == sha256(ref_out) and (not args.before or sha256(before_out) == sha256(ref_out))
    print("median (min-max) of %d rounds:" % args.paired)
    for name in arms:
        print("%-22s: wall %s s, CPU %s s" % (name, spread(wall[name]), spread(cpu[name])))
    print("byte-identical        : %s" % ("yes" if same else "NO"))
    ratios = [r / o for r, o in zip(wall[ref], wall[ours])]
    cpu_ratios = [r / o for r, o in zip(cpu[ref], cpu[ours])]
    print("speed-up, the rounds' ratios: wall %s x, CPU %s x" % (spread(ratios), spread(cpu_ratios)))
    if args.before:
        gain = [b / o for b, o in zip(wall["--before"], wall[ours])]
        cpu_gain = [b / o for b, o in zip(cpu["--before"], cpu[ours])]
        print("--before / ours, the rounds' ratios: wall %s x, CPU %s x" % (spread(gain), spread(cpu_gain)))
    ratio = statistics.median(ratios)
    print(
        "goal >= %gx (median of the rounds' wall-clock ratios): %s"
        % (GOAL, ("met, %.1fx" if ratio >= GOAL else "GOAL MISSED, %.1fx") % ratio)
    )
    return 0 if same else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--params", type=int, default=50_000_000, help="number of float values (default 50M)")
    ap.add_argument("--skip-reference", action="store_true", help="only time the vectorised writer")
    ap.add_argument("--paired", type=int, metavar="N", help="N paired rounds of .pth -> .wts in fresh processes")
    ap.add_argument(
        "--before", metavar="DIR", help="with --paired: also time trtgen-export from DIR (an earlier python/ folder)"
    )
    ap.add_argument("--reference-export", nargs=2, metavar=("PTH", "WTS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.reference_export:
        reference_export(*args.reference_export)
        return 0
    if args.paired:
        return paired(args)
    sd = synthetic_state_dict(args.params)
    assert sum(t.numel() for t in sd.values()) == args.params
    print("synthetic state_dict: %d tensors, %d values, torch %s" % (len(sd), args.params, torch.__version__))
    with tempfile.TemporaryDirectory() as d:
        fast = os.path.join(d, "fast.wts")
        t0 = time.perf_counter()
        export_weights(sd, fast)
        t_fast = time.perf_counter() - t0
        size = os.path.getsize(fast)
        print("vectorised writer : %8.2f s  (%.1f MB, %.1f MB/s)" % (t_fast, size / 1e6, size / 1e6 / t_fast))
        if args.skip_reference:
            return 0
        ref = os.path.join(d, "ref.wts")
        t0 = time.perf_counter()
        entries, _ = select_tensors(sd)
        items = [(name, tensor_to_numpy(name, t)[0]) for name, t in entries]
        with open(ref, "w", encoding="ascii", newline="\n") as f:
            write_wts_reference(f, items)
        t_ref = time.perf_counter() - t0
        print("per-value loop    : %8.2f s" % t_ref)
        same = sha256(fast) == sha256(ref)
        print("byte-identical    : %s" % ("yes" if same else "NO"))
        print("speed-up          : %8.1fx" % (t_ref / t_fast))
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
