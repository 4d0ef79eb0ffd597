"""Shared helpers: draft a spec for a model, run it with the test interpreter, compare with PyTorch."""

import os
import subprocess
import sys
import tempfile

import torch
import yaml
from spec_runner import run_spec
from trtgen_export.reference import analyze
from trtgen_export.trace import make_inputs
from trtgen_export.weights import export_weights
from trtgen_export.wts import add_to_wts, read_wts, write_wts

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def draft(model, *shapes, name="net"):
    """Return (parsed spec, YAML text, warnings)."""
    spec, text, warnings, _ = draft_with_constants(model, *shapes, name=name)
    _maybe_dump(text, None)
    return spec, text, warnings


def draft_with_constants(model, *shapes, name="net"):
    """Return (parsed spec, YAML text, warnings, {.wts name: tensor computed at draft time})."""
    model.eval()
    warnings = []
    builder, _, _ = analyze(
        model, [list(s) for s in shapes], "tests:" + type(model).__name__, name, warn=warnings.append
    )
    text = builder.render()
    return yaml.safe_load(text), text, warnings, builder.constants


def randomize_bn(model, seed=0):
    g = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d) and m.running_mean is not None:
            m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=g) * 0.5)
            m.running_var.copy_(torch.rand(m.running_var.shape, generator=g) + 0.5)
            if m.affine:
                m.weight.data.copy_(torch.randn(m.weight.shape, generator=g))
                m.bias.data.copy_(torch.randn(m.bias.shape, generator=g))
    return model


def _flat(out):
    if isinstance(out, torch.Tensor):
        return [out]
    if isinstance(out, dict):
        out = list(out.values())
    res = []
    for o in out:
        res += _flat(o)
    return res


def check_model(model, *shapes, ops=(), atol=1e-5, name="net"):
    """Draft a spec, export .wts, run the spec on the .wts weights and compare with the model.

    Returns the parsed spec. Asserts: no custom layers, no warnings, each op in ``ops`` used.
    """
    torch.manual_seed(0)
    model.eval()
    randomize_bn(model)
    spec, text, warnings, constants = draft_with_constants(model, *shapes, name=name)
    assert not warnings, warnings
    used = [l["op"] for l in spec["layers"]]
    assert "custom" not in used, text
    for op in ops:
        assert op in used, "op %s not in %s\n%s" % (op, used, text)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "m.wts")
        sd = {k: v for k, v in model.state_dict().items() if v.is_floating_point()}
        shapes_of = {**{k: v.shape for k, v in sd.items()}, **{k: v.shape for k, v in constants.items()}}
        if sd or constants:
            if sd:
                export_weights(model.state_dict(), path)
            else:
                write_wts(path, [])
            add_to_wts(path, [(n, t.numpy()) for n, t in constants.items()])  # as `spec --wts` does
            # .wts is flat: restore shapes from the state_dict and the constants (names must line up exactly)
            weights = {n: torch.from_numpy(a.copy()).reshape(shapes_of[n]) for n, a in read_wts(path)}
            assert set(weights) == set(shapes_of)
        else:
            weights = {}
        _maybe_dump(text, path if weights else None)
    inputs = make_inputs([list(s) for s in shapes], seed=3)
    got = run_spec(spec, weights, {i["name"]: t for i, t in zip(spec["inputs"], inputs)})
    with torch.no_grad():
        ref = _flat(model(*inputs))
    assert len(ref) == len(spec["outputs"])
    for o, r in zip(spec["outputs"], ref):
        g = got[o]
        assert list(g.shape) == list(r.shape), (o, g.shape, r.shape)
        assert torch.allclose(g, r.float(), atol=atol, rtol=1e-4), (o, (g - r).abs().max())
    return spec


def _maybe_dump(text, wts_path):
    """With TRTGEN_EXPORT_DUMP_DIR set, keep each drafted spec (+ .wts) for `trtgen check` runs."""
    d = os.environ.get("TRTGEN_EXPORT_DUMP_DIR")
    if not d:
        return
    import re
    import shutil

    test = re.sub(r"[^A-Za-z0-9_]+", "_", os.environ.get("PYTEST_CURRENT_TEST", "spec").split(" ")[0])
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, test + ".yaml"), "w") as f:
        f.write(text)
    if wts_path:
        shutil.copy(wts_path, os.path.join(d, test + ".wts"))


def layer(spec, name):
    for l in spec["layers"]:
        if l["name"] == name:
            return l
    raise KeyError("%s not in %s" % (name, [l["name"] for l in spec["layers"]]))


def ops_of(spec):
    return [l["op"] for l in spec["layers"]]


def run_cli(*args, cwd=None):
    env = dict(os.environ)
    env["PYTHONPATH"] = PYTHON_DIR + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("TRTGEN_EXPORT_DEBUG", None)
    p = subprocess.run(
        [sys.executable, "-m", "trtgen_export"] + [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return p
