"""Drafting driven by ops.json alone: every op whose PyTorch module or function takes only
parameters with defaults is drafted from ``Module()`` / ``f(x)`` without op-specific code, and
the drafted spec computes what the model computes (for a new activation, this is its test)."""

import inspect

import pytest
from helpers import check_model, draft, ops_of
from models import Wrap
from trtgen_export import registry

SHAPE = (1, 3, 4, 5)


def _defaults_only(o):
    return all("default" in p for p in o["params"]) and o["arity"]["max"] == 1


def _cases(kind):
    out = []
    for name, o in sorted(registry.ops().items()):
        if not _defaults_only(o) or (kind == "functions" and o["weights"]):
            continue
        for q in o["pytorch"].get(kind, []):
            obj = registry.resolve(q)
            if obj is not None:
                out.append(pytest.param(name, obj, id="%s-%s" % (name, q)))
    return out


@pytest.mark.parametrize("op, cls", _cases("modules"))
def test_module_drafts_to_its_op(op, cls):
    shape = SHAPE[1:] if cls.__name__.endswith("1d") else SHAPE  # Dropout1d: (N, C, L)
    spec = check_model(Wrap(lambda s, x: s.m(x), m=cls()), shape)
    assert ops_of(spec) == [op]


@pytest.mark.parametrize("op, fn", _cases("functions"))
def test_function_drafts_to_its_op(op, fn):
    spec, text, _ = draft(Wrap(lambda s, x: fn(x)), SHAPE)
    assert ops_of(spec) == [op], text


def test_new_activations_are_covered():
    ids = {p.id for p in _cases("modules")}
    assert {"mish-torch.nn.Mish", "logsigmoid-torch.nn.LogSigmoid"} <= ids


def test_weight_roles_follow_boolean_parameters():
    assert registry.weight_roles("conv2d", {"bias": False}) == ["weight"]
    assert registry.weight_roles("conv2d", {}) == ["weight", "bias"]
    assert registry.weight_roles("batch_norm2d", {"affine": False}) == ["running_mean", "running_var"]


def _module_defaults():
    for name, o in sorted(registry.ops().items()):
        for q in o["pytorch"].get("modules", [])[:1]:
            cls = registry.resolve(q)
            if cls is not None:
                yield pytest.param(name, cls, id=name)


@pytest.mark.parametrize("op, cls", list(_module_defaults()))
def test_defaults_are_pytorchs(op, cls):
    """The registry's defaults (src/ops zod schemas, ops.json) are the module constructor's."""
    sig = inspect.signature(cls.__init__).parameters
    checked = 0
    for p in registry.op(op)["params"]:
        if "default" not in p or p["name"] not in sig or sig[p["name"]].default is inspect.Parameter.empty:
            continue
        theirs, ours = sig[p["name"]].default, p["default"]
        if isinstance(theirs, tuple):
            theirs = list(theirs)
        if isinstance(ours, (int, float)) and not isinstance(ours, bool) and isinstance(theirs, list):
            ours = [ours] * len(theirs)
        assert ours == theirs, "%s.%s: ops.json default %r, %s default %r" % (op, p["name"], ours, cls.__name__, theirs)
        checked += 1
    assert checked or all("default" not in p for p in registry.op(op)["params"]), op
