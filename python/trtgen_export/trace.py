"""torch.fx tracing specialised to the declared input shapes, recording every node's value.

The tracer runs the model on example tensors of the declared shapes while it traces, so every
proxy has a concrete value: shape queries (``x.shape``, ``x.size(1)``, ``x.dim()``, ``len(x)``,
unpacking ``n, c, h, w = x.shape``), ``torch._assert`` on them and Python arithmetic on sizes
are plain Python values and never reach the graph. A value computed from tensor *data* that
steers Python (``if x.sum() > 0``, ``int(x.max())``) stops the draft with one message naming
the model's source file and line. Every graph node records that source line in
``node.meta["trtgen_source"]``.
"""

import functools
import inspect
import linecache
import operator
import os

from .errors import UserError
from .loading import _one_line, quiet_torch_warnings, torch_module

_THIS_FILE = os.path.abspath(__file__)

#: tensor attributes and methods that answer from the shape/dtype alone: Python values while tracing
SHAPE_ATTRS = frozenset(("shape", "ndim", "dtype", "device", "is_cuda", "layout", "is_sparse", "is_quantized"))
SHAPE_METHODS = frozenset(
    ("size", "dim", "ndimension", "numel", "nelement", "is_floating_point", "is_complex", "element_size")
)


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


@functools.lru_cache(maxsize=None)  # noqa: UP033 (functools.cache needs 3.9; pyproject allows 3.8)
def _is_model_file(f):
    """Whether code of file ``f`` is the model's: not torch, not generated code, not this tracer."""
    torch_dir = os.path.dirname(os.path.abspath(torch_module().__file__)) + os.sep
    return not f.startswith(torch_dir) and not f.startswith("<") and os.path.abspath(f) != _THIS_FILE


def _is_model_code(code):
    return _is_model_file(code.co_filename)


def source_line():
    """'file:line' of the innermost frame of model code on the stack, or None."""
    frame = inspect.currentframe()
    while frame is not None and not _is_model_code(frame.f_code):
        frame = frame.f_back
    return "%s:%d" % (frame.f_code.co_filename, frame.f_lineno) if frame is not None else None


def _innermost_model_line(tb):
    """'file:line' of the innermost frame of model code in a traceback, or None."""
    where = None
    while tb is not None:
        if _is_model_code(tb.tb_frame.f_code):
            where = "%s:%d" % (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return where


def _quote_source(where):
    if not where:
        return "in the model's forward"
    path, _, line = where.rpartition(":")
    code = linecache.getline(path, int(line)).strip()
    return "%s (`%s`)" % (where, code) if code else where


def _node_label(node):
    if node.op == "call_module":
        return "module %s" % node.target
    if node.op == "call_method":
        return "Tensor.%s" % node.target
    if node.op == "call_function":
        return getattr(node.target, "__name__", str(node.target))
    return "%s %s" % (node.op, node.target)


def _tracer_class():
    """The shape-specialising fx.Tracer (built lazily: torch is imported on first use)."""
    torch = torch_module()
    import torch.fx as fx
    from torch.fx.node import map_aggregate, map_arg

    class _Concrete:
        """Proxy behaviour that consults the traced value: shapes are Python values, sequences
        and tensors can be unpacked, data used as a Python value is a clear error."""

        def __getattr__(self, k):
            if k in SHAPE_ATTRS:
                v = self.tracer.value(self)
                if isinstance(v, torch.Tensor):
                    return getattr(v, k)
            return ConcreteAttribute(self, k)

        def __iter__(self):
            v = self.tracer.value(self)
            if isinstance(v, (tuple, list)) or (isinstance(v, torch.Tensor) and v.dim() > 0):
                return iter([self[i] for i in range(len(v))])
            return self.tracer.iter(self)

        def __len__(self):
            v = self.tracer.value(self)
            if isinstance(v, (tuple, list)) or (isinstance(v, torch.Tensor) and v.dim() > 0):
                return len(v)
            self.tracer.data_dependent(self, "is used as a length")

        def __setitem__(self, key, value):  # as torch 2.x records it (1.13's Proxy cannot)
            self.tracer.create_proxy("call_function", operator.setitem, (self, key, value), {})

        def __index__(self):
            self.tracer.data_dependent(self, "is used as a Python int")

        def __int__(self):
            self.tracer.data_dependent(self, "is used as a Python int")

        def __float__(self):
            self.tracer.data_dependent(self, "is used as a Python float")

    class ConcreteProxy(_Concrete, fx.Proxy):
        pass

    class ConcreteAttribute(_Concrete, fx.proxy.Attribute):
        pass

    class SpecializingTracer(fx.Tracer):
        def __init__(self, example, keep):
            super().__init__()
            self.keep = keep  # fx-wrapped functions to keep as one node
            self.wrapped_nodes = set()  # the nodes of fx-wrapped calls kept whole
            self.example = example  # placeholder name -> example value
            self.shapes = ", ".join("x".join(map(str, t.shape)) for t in example.values())
            self.values = {}  # Node -> its value on the example (live: later in-place ops change it)
            self.recorded = {}  # node name -> a copy of its value when it was computed
            self.evaluating = 0  # > 0 while running a node on its example values: no tracing then

        def call_module(self, m, forward, args, kwargs):
            if self.evaluating:
                return forward(*args, **kwargs)
            return super().call_module(m, forward, args, kwargs)

        def getattr(self, attr, attr_val, parameter_proxy_cache):
            if self.evaluating:
                return attr_val
            return super().getattr(attr, attr_val, parameter_proxy_cache)

        def proxy(self, node):
            return ConcreteProxy(node, self)

        def value(self, proxy):
            return self._value_of(proxy.node)

        def _concrete(self, a):
            return map_aggregate(a, lambda x: self.value(x) if isinstance(x, fx.Proxy) else x)

        def create_proxy(self, kind, target, args, kwargs, *rest, **kw):
            if kind == "call_method" and target in SHAPE_METHODS and args and isinstance(args[0], fx.Proxy):
                v = self.value(args[0])
                if isinstance(v, torch.Tensor):  # x.size(1), x.dim(), ...: a Python value, no node
                    return getattr(v, target)(*self._concrete(args[1:]), **self._concrete(kwargs))
            wrapped = kind == "call_function" and self._wrapped(target)
            if wrapped and not self.keep(target):
                before = set(self.graph.nodes)
                try:
                    return target(*args, **kwargs)
                except Exception:  # not traceable after all: one node (the drafter makes it custom)
                    for n in reversed(list(self.graph.nodes)):
                        if n not in before:
                            self.graph.erase_node(n)
            p = super().create_proxy(kind, target, args, kwargs, *rest, **kw)
            if wrapped:
                self.wrapped_nodes.add(p.node)
            where = source_line()
            if where:
                p.node.meta["trtgen_source"] = where
            self._set(p.node, self._evaluate(p.node, where))
            return p

        def _wrapped(self, fn):
            """A model-side function that torch.fx.wrap keeps whole (torchvision's swin helpers):
            traced through unless the drafter maps it as it is (``keep``)."""
            return inspect.isfunction(fn) and not (getattr(fn, "__module__", None) or "").startswith("torch.")

        def unmark_inlined(self):
            """fx marks the node a wrapped call returns as a wrapped call (its generated code then
            re-registers the function globally); for traced-through calls that node is something else."""
            for n in self.graph.nodes:
                if n.meta.get("is_wrapped") and n not in self.wrapped_nodes:
                    del n.meta["is_wrapped"]

        def _set(self, node, v):
            self.values[node] = v
            if node.op == "call_function" and node.target is operator.setitem:
                v = self.values.get(node.args[0])  # recorded: the tensor assigned into, as it is now
            elif _in_place(node) and isinstance(v, torch.Tensor):
                # x[a:b].zero_(), x.mul_(2): every earlier node whose value shares the changed
                # memory (x, the view), as it is now; the drafter's later readers get these values
                ptr = _storage_ptr(v)
                node.meta["trtgen_updates"] = {
                    n.name: _snapshot(t, torch)
                    for n, t in self.values.items()
                    if n is not node and isinstance(t, torch.Tensor) and _storage_ptr(t) == ptr
                }
            self.recorded[node.name] = _snapshot(v, torch)

        def _value_of(self, n):
            if n not in self.values and n.op == "get_attr":  # tensor constants fx adds with create_node
                self._set(n, self._evaluate(n, None))
            return self.values.get(n)

        def _evaluate(self, node, where):
            a = map_arg(node.args, self._value_of)
            k = map_arg(node.kwargs, self._value_of)
            self.evaluating += 1
            try:
                with torch.no_grad(), quiet_torch_warnings():
                    if node.op == "placeholder":
                        return self.example.get(node.target, a[0] if a else None)
                    if node.op == "get_attr":
                        obj = self.root
                        for part in node.target.split("."):
                            obj = getattr(obj, part)
                        return obj
                    if node.op == "call_function":
                        return node.target(*a, **k)
                    if node.op == "call_method":
                        return getattr(a[0], node.target)(*a[1:], **k)
                    if node.op == "call_module":
                        return self.root.get_submodule(node.target)(*a, **k)
            except UserError:
                raise
            except Exception as e:
                raise UserError(
                    "%s: %s failed on inputs of shape %s: %s: %s; check --input-shape"
                    % (_quote_source(where), _node_label(node), self.shapes, type(e).__name__, _one_line(e))
                )
            finally:
                self.evaluating -= 1
            return None

        def data_dependent(self, proxy, what):
            raise UserError(
                "%s: a value computed from tensor data (%s) %s, so the network's structure depends on the "
                "input's values; trtgen drafts networks whose structure follows from the input shape alone: "
                "compute it from shapes or module attributes, or draft this part as a custom layer"
                % (_quote_source(source_line()), proxy.node.name, what)
            )

        def to_bool(self, obj):
            self.data_dependent(obj, "is used as a Python bool (if/while/and/or/assert)")

        def iter(self, obj):
            self.data_dependent(obj, "is iterated over")

        def keys(self, obj):
            self.data_dependent(obj, "is unpacked with **")

    return SpecializingTracer


def trace_model(model, inputs, label, keep=lambda fn: False):
    """Trace ``model`` with its first ``len(inputs)`` forward args as tensors, specialised to
    those inputs' shapes, running it on copies of ``inputs`` meanwhile. Functions that
    ``torch.fx.wrap`` keeps whole are traced through, unless ``keep(fn)`` or they cannot be.

    Remaining forward args must have defaults; they are baked in as constants.
    Returns (GraphModule, {node name: a copy of its value when it was computed}).
    """
    torch_module()  # a clear error when PyTorch is missing
    import torch.fx as fx

    n_inputs = len(inputs)
    try:
        sig = inspect.signature(model.forward)
        params = [p for p in sig.parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        params = None
    concrete = {}
    example = {}
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
        example = {p.name: t.clone() for p, t in zip(params, inputs)}
    try:
        with quiet_torch_warnings():
            tracer = _tracer_class()(example, keep)
            graph = tracer.trace(model, concrete_args=concrete or None)
            tracer.unmark_inlined()
            gm = fx.GraphModule(tracer.root, graph, type(model).__name__)
    except UserError as e:
        raise UserError("cannot draft %s: %s" % (label, e), exit_code=e.exit_code)
    except Exception as e:
        where = _quote_source(_innermost_model_line(e.__traceback__))
        raise UserError("torch.fx could not trace %s: %s: %s: %s" % (label, where, type(e).__name__, _one_line(e)))
    return gm, tracer.recorded


def record(gm, inputs, label):
    """Run ``gm`` on ``inputs`` recording every node's value (tensors are cloned): per-layer
    references computed in another precision than the trace (``reference --float64``)."""
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


def _in_place(node):
    """Whether ``node`` changes its tensor in place: a ``Tensor.<name>_`` method (``zero_``,
    ``add_``, ``clamp_``)."""
    return node.op == "call_method" and node.target.endswith("_") and not node.target.startswith("_")


def _storage_ptr(t):
    """The address of the memory behind ``t`` (shared by its views)."""
    return (t.untyped_storage() if hasattr(t, "untyped_storage") else t.storage()).data_ptr()


def _snapshot(r, torch):
    if isinstance(r, torch.Tensor):
        return r.detach().clone()
    if isinstance(r, (list, tuple)):
        return type(r)(_snapshot(x, torch) for x in r) if not hasattr(r, "_fields") else r
    return r
