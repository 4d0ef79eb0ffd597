"""Tracing a model into a spec, and dumping PyTorch reference inputs/outputs."""

import copy
import json
import os
import re

import numpy as np

from .draft import drafted_functions
from .errors import UserError
from .loading import _one_line, quiet_torch_warnings, torch_module
from .spec import SpecBuilder
from .trace import make_inputs, record, trace_model
from .wts import atomic_write


def analyze(model, shapes, label, name, warn=None, seed=0):
    """Trace + record + map. Returns (builder, inputs, values)."""
    inputs = make_inputs(shapes, seed)
    gm, values = trace_model(model, inputs, label, keep=drafted_functions().__contains__)
    builder = SpecBuilder(gm, values, label, name, warn=warn, state_names=model.state_dict().keys()).build()
    return builder, inputs, values


def _safe_file_part(name):
    return re.sub(r"[^A-Za-z0-9_.\-]", "_", name)


def _file_name(prefix, name, used):
    """``PREFIX_NAME.bin`` with NAME's characters outside [A-Za-z0-9_.-] as '_', unique in ``used`` (which it
    extends): 'a/b' and 'a_b' would share a file, so the later one gets ``_2`` (reference.json names each file)."""
    stem = "%s_%s" % (prefix, _safe_file_part(name))
    fname, n = stem + ".bin", 1
    while fname in used:
        n += 1
        fname = "%s_%d.bin" % (stem, n)
    used.add(fname)
    return fname


def _write_f32(path, tensor):
    torch = torch_module()
    t = tensor.detach().cpu()
    if t.dtype != torch.float32:
        t = t.to(torch.float32)
    arr = np.ascontiguousarray(t.numpy(), dtype="<f4")
    atomic_write(path, lambda f: f.write(arr.tobytes(order="C")))
    return list(t.shape)


def _flatten_outputs(out):
    torch = torch_module()
    if isinstance(out, torch.Tensor):
        return [(None, out)]
    if isinstance(out, dict):
        flat = []
        for k, v in out.items():
            flat += [(str(k) if n is None else "%s_%s" % (k, n), t) for n, t in _flatten_outputs(v)]
        return flat
    if isinstance(out, (list, tuple)):
        flat = []
        for v in out:
            flat += _flatten_outputs(v)
        return flat
    return []


def _run_float64(model, inputs, label):
    """``model`` run in double on ``inputs`` widened exactly (a copy: ``model`` stays float32)."""
    torch = torch_module()
    try:
        model64 = copy.deepcopy(model).double()
        with torch.no_grad(), quiet_torch_warnings():
            return model64(*[t.double() for t in inputs])
    except Exception as e:
        raise UserError(
            "running %s in float64 failed: %s: %s; run without --float64" % (label, type(e).__name__, _one_line(e))
        )


def write_reference(model, shapes, seed, out_dir, label, name, per_layer=False, warn=None, float64=False):
    """Write input(s), output(s), optional per-layer dumps and reference.json into ``out_dir``.

    With ``float64`` the outputs (and layer dumps) come from the model run in double on the same
    input, rounded to float32 once when written (docs/numerics.md: the reference then carries
    less rounding error than any float32 run)."""
    torch = torch_module()
    warn = warn or (lambda m: None)
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as e:
        raise UserError("cannot create output folder %s: %s" % (out_dir, e.strerror or e))
    builder = values = None
    try:
        builder, inputs, values = analyze(model, shapes, label, name, warn=lambda m: None, seed=seed)
    except UserError as e:
        if per_layer:
            raise
        warn("warning: output names fall back to indices because tracing failed: %s" % e)
        inputs = make_inputs(shapes, seed)
    try:
        with torch.no_grad(), quiet_torch_warnings():
            out = model(*inputs)
    except Exception as e:
        raise UserError("running %s failed: %s: %s; check --input-shape" % (label, type(e).__name__, _one_line(e)))
    if float64:
        out = _run_float64(model, inputs, label)
    outs = _flatten_outputs(out)
    if not outs:
        raise UserError("%s returned a %s with no tensors; nothing to compare" % (label, type(out).__name__))
    spec_names = builder.outputs if builder is not None else []
    names = []
    for i, (key, _) in enumerate(outs):
        if len(spec_names) == len(outs):
            names.append(spec_names[i])
        elif key is not None:
            names.append(key)
        else:
            names.append("output_%d" % i if len(outs) > 1 else "output")
    input_names = (
        [i["name"] for i in builder.inputs] if builder is not None else ["input_%d" % i for i in range(len(inputs))]
    )
    meta = {
        "format": "trtgen-reference/1",
        "model": label,
        "seed": int(seed),
        "torch_version": str(torch.__version__),
        "dtype": "float32",
        "computed_in": "float64" if float64 else "float32",
        "byte_order": "little",
        "layout": "C-contiguous, no header",
        "inputs": [],
        "outputs": [],
    }
    used = set()
    for _i, (iname, t) in enumerate(zip(input_names, inputs)):
        fname = "input.bin" if len(inputs) == 1 else _file_name("input", iname, used)
        shape = _write_f32(os.path.join(out_dir, fname), t)
        meta["inputs"].append({"name": iname, "shape": shape, "dtype": "float32", "file": fname})
    for oname, (_, t) in zip(names, outs):
        fname = "output.bin" if len(outs) == 1 else _file_name("output", oname, used)
        entry = {"name": oname, "shape": None, "dtype": "float32", "file": fname}
        if t.dtype not in (torch.float32, torch.float64) or (t.dtype == torch.float64 and not float64):
            entry["converted_from"] = str(t.dtype).replace("torch.", "")
        entry["shape"] = _write_f32(os.path.join(out_dir, fname), t)
        meta["outputs"].append(entry)
    if per_layer:
        if float64:
            try:
                values, _ = record(copy.deepcopy(builder.gm).double(), [t.double() for t in inputs], label)
            except UserError as e:
                raise UserError("%s; run without --float64" % e)
        meta["layers"] = []
        seen = set()
        for node in builder.gm.graph.nodes:
            spec_name = builder.tensor_name.get(node.name)
            v = values.get(node.name)
            if spec_name is None or spec_name in seen or not isinstance(v, torch.Tensor):
                continue
            if node.op == "placeholder":
                continue
            seen.add(spec_name)
            fname = _file_name("layer", spec_name, used)
            shape = _write_f32(os.path.join(out_dir, fname), v)
            meta["layers"].append(
                {"name": spec_name, "fx_node": node.name, "shape": shape, "dtype": "float32", "file": fname}
            )
    text = json.dumps(meta, indent=2) + "\n"
    atomic_write(os.path.join(out_dir, "reference.json"), lambda f: f.write(text.encode("utf-8")))
    return meta
