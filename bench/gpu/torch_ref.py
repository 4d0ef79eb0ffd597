#!/usr/bin/env python3
"""PyTorch's own precision on a zoo bundle: the same torchvision model with the bundle's weights,
run by PyTorch in float64, float32 (TF32 off) and float16 on the GPU, each compared with the
bundle's float64 reference (bench/gpu/zoo.py runs this beside every model's engines).

usage: torch_ref.py CASE_DIR [--device cuda] [--precisions fp64,fp32,fp16] [--json FILE]

CASE_DIR is a bundle (build/zoo-gpu/<model>/ from bench/zoo/run.py): bundle.json, the weight
recipe (bench/zoo/portable.py: the values are made from it, no .wts is read), input.N.bin and
expected.N.bin (raw float32, the float64 reference rounded once). The model is built with this
machine's torchvision through bench/zoo/zoo.py's ``make`` (the builder's defaults, no auxiliary
heads) and every floating tensor of its state dict is taken from the recipe by name; a state-dict
tensor the recipe lacks, or of another size, is an error (the result says which).

The float64 row checks the comparison itself: this machine's torchvision defines the model as
the one the bundle was made with (torchvision 0.14) only if its float64 output equals the
reference to within float32 rounding. The float32 and float16 rows are what PyTorch itself loses
at those precisions on this GPU (NaN where an output is not finite: the precision overflows);
zoo.py accepts an engine whose error is within
PARITY_FACTOR of them (its docstring says when). Prints one JSON object (and writes it to
--json): {"torch", "torchvision", "device", "max_ref", "errors": {precision: max abs error},
"consistent": bool} or {"error": message}.
"""

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ZOO = os.path.join(os.path.dirname(HERE), "zoo")

#: Largest float64-vs-reference difference, relative to max|ref|, that still means "the same
#: model": the reference was rounded once to float32 (2^-24 relative), so anything well above
#: that is a different definition or different weights.
CONSISTENT_REL = 1e-5


def _raw(path, shape):
    import numpy as np

    count = 1
    for d in shape:
        count *= int(d)
    data = np.fromfile(path, dtype="<f4")
    if data.size != count:
        raise ValueError("%s holds %d float32 values, the shape %s needs %d" % (path, data.size, shape, count))
    return data.reshape(shape)


def _model(name):
    sys.path.insert(0, ZOO)
    import zoo

    try:
        factory = zoo.__getattr__(name)  # the module's own lookup (zoo.<model>), not its other attributes
    except AttributeError:
        raise ValueError("this torchvision has no model %s" % name)
    return factory()


def _load(model, case_dir, recipe_file):
    import portable
    import torch

    recipe, blob = portable.load_recipe(os.path.join(case_dir, recipe_file))
    state = model.state_dict()
    wanted = {k for k, v in state.items() if v.is_floating_point()}
    with torch.no_grad():
        for name, values in portable.Tensors(recipe, blob):
            if name not in state:
                continue
            t = state[name]
            if t.numel() != values.size:
                raise ValueError("%s: the recipe has %d values, the model's tensor %d" % (name, values.size, t.numel()))
            t.copy_(torch.from_numpy(values.copy()).view_as(t))
            wanted.discard(name)
    if wanted:
        raise ValueError("the recipe lacks %d state-dict tensors, e.g. %s" % (len(wanted), sorted(wanted)[0]))


def _outputs(result):
    if isinstance(result, dict):
        return list(result.values())
    if isinstance(result, (list, tuple)):
        return list(result)
    return [result]


def measure(case_dir, device, precisions):
    import numpy as np
    import torch
    import torchvision

    with open(os.path.join(case_dir, "bundle.json"), encoding="utf-8") as f:
        bundle = json.load(f)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    ins = [
        _raw(os.path.join(case_dir, bundle["verify"]["inputs"][t["name"]]), t["shape"]) for t in bundle["io"]["inputs"]
    ]
    refs = [
        _raw(os.path.join(case_dir, bundle["verify"]["expected"][t["name"]]), t["shape"])
        for t in bundle["io"]["outputs"]
    ]
    model = _model(bundle["name"])
    _load(model, case_dir, bundle["recipe"])
    model.eval()
    max_ref = max(float(abs(r).max()) for r in refs)
    out = {
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "device": torch.cuda.get_device_name() if device == "cuda" else device,
        "max_ref": max_ref,
        "errors": {},
    }
    dtypes = {"fp64": torch.float64, "fp32": torch.float32, "fp16": torch.float16}
    for prec in sorted(precisions, key=list(dtypes).index):  # in place: the widest first
        dt = dtypes[prec]
        m = model.to(device=device, dtype=dt)
        with torch.no_grad():
            got = _outputs(m(*[torch.from_numpy(x).to(device=device, dtype=dt) for x in ins]))
        if len(got) != len(refs):
            raise ValueError("the model returns %d outputs, the bundle has %d" % (len(got), len(refs)))
        err = 0.0
        for g, r in zip(got, refs):
            g = g.detach().double().cpu().numpy()
            if g.size != r.size:
                raise ValueError("an output has %d values, its reference %d" % (g.size, r.size))
            if not np.isfinite(g).all():  # max() would skip NaN: an overflow is no error of 0
                err = float("nan")
                break
            err = max(err, float(abs(g.reshape(r.shape) - r.astype("float64")).max()))
        out["errors"][prec] = err
    if "fp64" in out["errors"]:
        out["consistent"] = out["errors"]["fp64"] <= CONSISTENT_REL * max_ref + 1e-7
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("case_dir")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--precisions", default="fp64,fp32,fp16")
    ap.add_argument("--json")
    a = ap.parse_args()
    t0 = time.monotonic()
    try:
        precisions = [p for p in a.precisions.split(",") if p]
        for p in precisions:
            if p not in ("fp64", "fp32", "fp16"):
                raise ValueError("unknown precision %s (expected fp64, fp32, fp16)" % p)
        result = measure(a.case_dir, a.device, precisions)
    except Exception as e:  # one line for zoo.py's results, not a trace
        result = {"error": "%s: %s" % (type(e).__name__, str(e).splitlines()[0][:300] if str(e) else "")}
    result["seconds"] = round(time.monotonic() - t0, 1)
    text = json.dumps(result)
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    print(text)
    return 1 if "error" in result else 0


if __name__ == "__main__":
    sys.exit(main())
