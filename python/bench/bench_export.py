#!/usr/bin/env python3
"""Benchmark the vectorised .wts writer against the per-value struct.pack reference loop.

    PYTHONPATH=python /usr/bin/python3 python/bench/bench_export.py [--params 50000000]

Builds a synthetic float32 state_dict with about --params values (conv/bn/linear-like
tensor shapes), writes it with both writers into a temp folder, checks that the
files are byte-identical and prints seconds for each and the speed-up ratio.
"""

import argparse
import hashlib
import os
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--params", type=int, default=50_000_000, help="number of float values (default 50M)")
    ap.add_argument("--skip-reference", action="store_true", help="only time the vectorised writer")
    args = ap.parse_args()
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
