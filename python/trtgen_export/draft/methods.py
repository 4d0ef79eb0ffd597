"""Drafting ``call_method`` nodes (``x.relu()``, ``x.view(...)``, ...).

A method listed in ops.json (``pytorch.methods``) needs no code here when its
arguments are the op's parameters in ops.json order: the generic handler binds
them. The handlers below are for methods with other signatures.
"""

from .. import registry
from . import helpers
from .common import Unsupported, bind_list, convert


def generic(op):
    """The handler of ``x.method(<the op's parameters in order>)``."""

    def handler(sb, node, x, rest, kw):
        if op == "identity":  # no layer at inference
            sb.alias(node, x)
            return
        names = registry.param_names(op)
        if len(rest) > len(names) or set(kw) - set(names):
            raise Unsupported("arguments Tensor.%s does not take in trtgen's %s" % (node.target, op))
        args = bind_list(rest, kw, names, registry.defaults(op))
        params = {p: convert(sb.const(args[p]), registry.is_pair(op, p)) for p in names}
        helpers.set_tensor(sb, node, sb.add_layer(node, op, [x], params))

    return handler


def clamp(sb, node, x, rest, kw):
    helpers.clamp(sb, node, x, bind_list(rest, kw, ["min", "max"], {"min": None, "max": None}))


def binary(sb, node, x, rest, kw):
    args = bind_list(rest, kw, ["other", "alpha"], {"alpha": 1})
    if kw.get("rounding_mode") is not None:
        raise Unsupported("rounding_mode=%r" % kw["rounding_mode"])
    op = registry.by_pytorch("methods")[node.target]
    helpers.binary(sb, node, op, x, args["other"], sb.const(args["alpha"]))


def reshape(sb, node, x, rest, kw):
    helpers.reshape(sb, node, x)


def flatten(sb, node, x, rest, kw):
    args = bind_list(rest, kw, ["start_dim", "end_dim"], {"start_dim": 0, "end_dim": -1})
    helpers.flatten(sb, node, {**args, "input": x})


def permute(sb, node, x, rest, kw):
    dims = rest[0] if len(rest) == 1 and isinstance(sb.const(rest[0]), (list, tuple)) else rest
    if "dims" in kw:
        dims = kw["dims"]
    helpers.permute(sb, node, x, sb.const(dims))


def expand(sb, node, x, rest, kw):
    helpers.expand(sb, node, x)


def softmax(sb, node, x, rest, kw):
    args = bind_list(rest, kw, ["dim", "dtype"], {"dim": None, "dtype": None})
    helpers.softmax(sb, node, {**args, "input": x})


def reduce(sb, node, x, rest, kw):
    args = bind_list(rest, kw, ["dim", "keepdim", "dtype"], {"dim": None, "keepdim": False, "dtype": None})
    helpers.reduce(sb, node, node.target, {**args, "input": x})


def matmul(sb, node, x, rest, kw):
    args = bind_list(rest, kw, ["other"], {})
    if not sb.is_tensor(args["other"]):
        raise Unsupported("matmul of a non-tensor")
    helpers.set_tensor(sb, node, sb.add_layer(node, "matmul", [x, args["other"]]))


def narrow(sb, node, x, rest, kw):
    args = bind_list(rest, kw, ["dim", "start", "length"], {})
    helpers.narrow(sb, node, {**args, "input": x})


# ---- math ops (issue 10)


def pow_(sb, node, x, rest, kw):
    helpers.pow_(sb, node, x, bind_list(rest, kw, ["exponent"], {})["exponent"])


def max_min(sb, node, x, rest, kw):
    """x.max() / x.min(): of two tensors (maximum / minimum), or of all values (amax / amin)."""
    args = bind_list(rest, kw, ["other", "keepdim"], {"other": None, "keepdim": False})
    helpers.max_min(sb, node, node.target, x, kw.get("dim", args["other"]))


def index_select(sb, node, x, rest, kw):
    args = bind_list(rest, kw, ["dim", "index"], {})
    helpers.gather(sb, node, x, args["dim"], args["index"])


# method name -> handler, for the methods the generic binding does not fit
SPECIFIC = {
    "clamp": clamp,
    "clamp_": clamp,
    "clip": clamp,
    "flatten": flatten,
    "permute": permute,
    "expand": expand,
    "expand_as": expand,
    "broadcast_to": expand,
    "index_select": index_select,
    "softmax": softmax,
    "mean": reduce,
    "sum": reduce,
    "narrow": narrow,
    "matmul": matmul,
    "bmm": matmul,
    **{m: binary for m in ("add", "sub", "mul", "div", "add_", "sub_", "mul_", "div_", "true_divide")},
    **{m: reshape for m in ("view", "reshape", "squeeze", "unsqueeze", "view_as", "reshape_as")},
    # math ops (issue 10)
    "pow": pow_,
    "maximum": binary,
    "minimum": binary,
    "max": max_min,
    "min": max_min,
    "amax": reduce,
    "amin": reduce,
}


def draft(sb, node):
    x = node.args[0]
    if not sb.is_tensor(x):
        raise Unsupported("method on a non-tensor")
    handler = SPECIFIC.get(node.target)
    if handler is None:
        op = registry.by_pytorch("methods").get(node.target)
        if op is None:
            raise Unsupported("no trtgen op for Tensor.%s" % node.target)
        handler = generic(op)
    handler(sb, node, x, list(node.args[1:]), dict(node.kwargs))
