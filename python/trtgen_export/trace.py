"""torch.fx tracing plus a recording interpreter (shapes and values of every node)."""

import inspect

from .errors import UserError
from .loading import _one_line, quiet_torch_warnings, torch_module


def parse_shape(text):
    """'1,3,64,64' (or 1x3x64x64) -> [1, 3, 64, 64]; raises ValueError with a clear message."""
    parts = [p.strip() for p in str(text).replace("x", ",").replace("[", "").replace("]", "").split(",")]
    if not parts or any(p == "" for p in parts):
        raise ValueError("expected comma-separated positive integers like 1,3,224,224, got %r" % text)
    dims = []
    for p in parts:
        if not p.isdigit() or int(p) <= 0:
            raise ValueError("expected comma-separated positive integers like 1,3,224,224, got %r" % text)
        dims.append(int(p))
    return dims


def make_inputs(shapes, seed=0):
    """Deterministic float32 inputs ~N(0,1) from a seeded generator."""
    torch = torch_module()
    gen = torch.Generator()
    gen.manual_seed(int(seed))
    return [torch.randn(*s, generator=gen, dtype=torch.float32) for s in shapes]


def trace_model(model, n_inputs, label):
    """symbolic_trace ``model`` with its first ``n_inputs`` forward args as tensors.

    Remaining forward args must have defaults; they are baked in as constants.
    Returns (GraphModule, input names).
    """
    torch_module()  # a clear error when PyTorch is missing
    import torch.fx as fx

    try:
        sig = inspect.signature(model.forward)
        params = [p for p in sig.parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        params = None
    concrete = {}
    if params is not None:
        required = [p.name for p in params if p.default is p.empty]
        if n_inputs < len(required) or n_inputs > len(params):
            raise UserError(
                "%s.forward takes %s input(s) (%s) but --input-shape was given %d time(s); "
                "pass one --input-shape per tensor input"
                % (
                    label,
                    len(required) if len(required) == len(params) else "%d-%d" % (len(required), len(params)),
                    ", ".join(p.name for p in params),
                    n_inputs,
                ),
                exit_code=2,
            )
        for p in params[n_inputs:]:
            concrete[p.name] = p.default
    try:
        with quiet_torch_warnings():
            tracer = fx.Tracer()
            graph = tracer.trace(model, concrete_args=concrete or None)
            gm = fx.GraphModule(tracer.root, graph, type(model).__name__)
    except Exception as e:
        hint = ""
        if isinstance(e, IndexError) or "dis" in _one_line(e):
            hint = (
                " (PyTorch 1.13 fx cannot trace tuple unpacking like `a, b = t.chunk(2)` on Python 3.11; "
                "index instead: `c = t.chunk(2); a = c[0]`)"
            )
        elif "symbolically traced variables cannot be used as inputs to control flow" in str(e):
            hint = (
                " (data-dependent Python control flow cannot be traced by torch.fx; make the branch "
                "static or move it out of forward)"
            )
        raise UserError("torch.fx could not trace %s: %s: %s%s" % (label, type(e).__name__, _one_line(e), hint))
    names = [n.name for n in gm.graph.nodes if n.op == "placeholder"]
    return gm, names


def record(gm, inputs, label):
    """Run ``gm`` on ``inputs`` recording every node's value (tensors are cloned)."""
    torch = torch_module()
    import torch.fx as fx

    values = {}

    class Recorder(fx.Interpreter):
        def run_node(self, n):
            r = super().run_node(n)
            values[n.name] = _snapshot(r, torch)
            return r

    try:
        with torch.no_grad(), quiet_torch_warnings():
            out = Recorder(gm).run(*inputs)
    except Exception as e:
        raise UserError(
            "running %s on inputs of shape %s failed: %s: %s; check --input-shape"
            % (label, ", ".join("x".join(map(str, t.shape)) for t in inputs), type(e).__name__, _one_line(e))
        )
    return values, out


def _snapshot(r, torch):
    if isinstance(r, torch.Tensor):
        return r.detach().clone()
    if isinstance(r, (list, tuple)):
        return type(r)(_snapshot(x, torch) for x in r) if not hasattr(r, "_fields") else r
    return r
