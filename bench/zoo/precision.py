"""float32 vs float64: how far PyTorch's own float32 output is from the same model run in
double, for torchvision models with realistic BatchNorm statistics (bench/zoo/zoo.py).
The numbers justify the tolerance rule of docs/numerics.md.

    nice -n 10 /usr/bin/python3 bench/zoo/precision.py [--only REGEX] [--size 64] [--json FILE]

Per model: depth (nodes on the longest path of the torch.fx graph, the trtgen spec's layer
depth up to flatten/identity bookkeeping), max |ref| of the float64 output, max |f32 - f64|,
that error relative to max |ref|, and e / (max|ref| * depth * 2^-24): the constant K of the
rule |a - b| <= atol + rtol*|b| + K * depth * u * max|ref|.
"""

import argparse
import copy
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import zoo  # noqa: E402

U32 = 2.0**-24


def fx_depth(model):
    """Nodes on the longest path from an input to the output of the fx graph (None if untraceable)."""
    import torch.fx as fx

    try:
        gm = fx.symbolic_trace(model)
    except Exception:
        return None
    depth = {}
    for n in gm.graph.nodes:
        preds = [depth.get(a.name, 0) for a in n.all_input_nodes]
        here = 1 if n.op in ("call_module", "call_function", "call_method") else 0
        depth[n.name] = max(preds, default=0) + here
    return max(depth.values())


def measure(name, fn, size, seed=0):
    import torch

    model = zoo.build(fn, size, seed)
    x = torch.randn(1, 3, size, size, generator=torch.Generator().manual_seed(seed))
    with torch.no_grad():
        y32 = model(x)
        y64 = copy.deepcopy(model).double()(x.double())
    if isinstance(y32, dict):
        y32, y64 = y32["out"], y64["out"]
    ref = y64.abs().max().item()
    err = (y32.double() - y64).abs().max().item()
    depth = fx_depth(model)
    return {
        "model": name,
        "size": size,
        "depth": depth,
        "max_ref": ref,
        "max_err": err,
        "rel_err": err / ref if ref else None,
        "k": err / (ref * depth * U32) if ref and depth else None,
    }


def markdown(path):
    print("| model | input | depth | max \\|ref\\| | max \\|f32 − f64\\| | relative to max \\|ref\\| | k |")
    print("|---|---|---|---|---|---|---|")
    with open(path) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    for r in rows:
        if "error" in r or not r.get("max_ref"):
            why = r.get("error") or "output is all zeros (zero-initialised head)"
            print("| %s | %s | | | | %s | |" % (r["model"], r.get("size", ""), why))
            continue
        print(
            "| %s | %d | %s | %.3g | %.3g | %.2g | %s |"
            % (
                r["model"],
                r["size"],
                r["depth"] if r["depth"] is not None else "–",
                r["max_ref"],
                r["max_err"],
                r["rel_err"],
                "%.2f" % r["k"] if r["k"] is not None else "–",
            )
        )


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--only", default=".*", help="regex on model names")
    p.add_argument("--size", type=int, default=zoo.DEFAULT_SIZE)
    p.add_argument("--json", help="append one JSON line per model to FILE")
    p.add_argument("--markdown", metavar="FILE", help="print FILE's JSON lines as docs/numerics.md's table and exit")
    a = p.parse_args()
    if a.markdown:
        return markdown(a.markdown)
    import torch

    torch.set_num_threads(1)
    for name, _family, fn in zoo.list_models():
        if not re.search(a.only, name):
            continue
        t0 = time.time()
        try:
            r = measure(name, fn, zoo.input_size(name, a.size))
        except Exception as e:  # report and go on: one model's failure is a data point
            r = {"model": name, "error": "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")}
        r["seconds"] = round(time.time() - t0, 1)
        line = json.dumps(r)
        print(line, flush=True)
        if a.json:
            with open(a.json, "a") as f:
                f.write(line + "\n")


if __name__ == "__main__":
    main()
