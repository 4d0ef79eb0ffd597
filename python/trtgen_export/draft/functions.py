"""Drafting ``call_function`` nodes.

A function listed in ops.json (``pytorch.functions``) needs no code here when
its arguments are the tensor input, then the op's parameters in ops.json order
(then an ignored ``inplace``): the generic handler binds them. The handlers
below are for functions with other signatures, several tensors or a check.
"""

import functools

from .. import registry
from . import einsum as einsum_
from . import helpers
from .common import Unsupported, bind, convert, pair_or_int


def generic(op):
    """The handler of ``f(input, <the op's parameters in order>, inplace=False)``."""

    def handler(sb, node):
        if op == "identity":  # no layer at inference
            sb.alias(node, node.args[0] if node.args else node.kwargs["input"])
            return
        names = ["input", *registry.param_names(op), "inplace"]
        args = bind(node, names, {**registry.defaults(op), "inplace": False})
        if not sb.is_tensor(args["input"]):
            raise Unsupported("non-tensor input")
        params = {p: convert(sb.const(args[p]), registry.is_pair(op, p)) for p in registry.param_names(op)}
        helpers.set_tensor(sb, node, sb.add_layer(node, op, [args["input"]], params))

    return handler


def getitem(sb, node):
    src, idx = node.args
    if getattr(idx, "op", None) == "get_attr" and sb.is_tensor(src):  # x[buffer]: rows by constant indices
        helpers.gather(sb, node, src, 0, idx)
    elif hasattr(src, "name") and src.name in sb.multi:
        helpers.set_tensor(sb, node, sb._getitem_multi(node, src, sb.const(idx)))
    elif sb.is_tensor(src):
        helpers.set_tensor(sb, node, helpers.index_slice(sb, node, src, sb.const(idx)))
    else:
        raise Unsupported("indexing a non-tensor value")


def binary(sb, node):
    op = registry.by_pytorch("functions")[node.target]
    args = bind(node, ["input", "other", "alpha"], {"alpha": 1})
    if node.kwargs.get("rounding_mode") is not None:
        raise Unsupported("rounding_mode=%r" % node.kwargs["rounding_mode"])
    helpers.binary(sb, node, op, args["input"], args["other"], sb.const(args["alpha"]))


def clamp(sb, node):
    args = bind(node, ["input", "min", "max"], {"min": None, "max": None})
    if not sb.is_tensor(args["input"]):
        raise Unsupported("non-tensor input")
    helpers.clamp(sb, node, args["input"], args)


def cat(sb, node):
    args = bind(node, ["tensors", "dim"], {"dim": 0})
    if "axis" in node.kwargs:
        args["dim"] = node.kwargs["axis"]
    tensors = list(args["tensors"])
    if not tensors or not all(sb.is_tensor(t) for t in tensors):
        raise Unsupported("non-tensor entries in cat")
    dim = sb.norm_dim(sb.const(args["dim"]), sb.rank(tensors[0]))
    # dim is written even at its default 0: a batch concatenation is rarely meant
    helpers.set_tensor(sb, node, sb.add_layer(node, "concat", tensors, {"dim": dim}, keep=("dim",)))


def flatten(sb, node):
    helpers.flatten(sb, node, bind(node, ["input", "start_dim", "end_dim"], {"start_dim": 0, "end_dim": -1}))


def reshape(sb, node):
    helpers.reshape(sb, node, node.args[0])


def permute(sb, node):
    args = bind(node, ["input", "dims"], {})
    helpers.permute(sb, node, args["input"], sb.const(args["dims"]))


def pad(sb, node):
    args = bind(node, ["input", "pad", "mode", "value"], {"mode": "constant", "value": None})
    helpers.pad(sb, node, args["input"], sb.const(args["pad"]), sb.const(args["mode"]), sb.const(args["value"]))


def index_select(sb, node):
    args = bind(node, ["input", "dim", "index"], {})
    helpers.gather(sb, node, args["input"], args["dim"], args["index"])


def broadcast_to(sb, node):
    helpers.expand(sb, node, bind(node, ["input", "size"], {})["input"])


def softmax(sb, node):
    F = sb.torch.nn.functional
    names = ["input", "dim", "_stacklevel", "dtype"] if node.target is F.softmax else ["input", "dim", "dtype"]
    helpers.softmax(sb, node, bind(node, names, {"dim": None, "_stacklevel": 3, "dtype": None}))


def reduce(sb, node):
    args = bind(node, ["input", "dim", "keepdim", "dtype"], {"dim": None, "keepdim": False, "dtype": None})
    helpers.reduce(sb, node, node.target.__name__, args)


def narrow(sb, node):
    helpers.narrow(sb, node, bind(node, ["input", "dim", "start", "length"], {}))


def _pool(sb, node, op, names, defaults):
    args = bind(node, ["input", *names], defaults)
    a = sb.const({k: v for k, v in args.items() if k != "input"})
    if a.get("return_indices"):
        raise Unsupported("return_indices=True")
    stride = a["stride"] if a["stride"] not in (None, [], ()) else a["kernel_size"]
    params = {k: convert(a[k], registry.is_pair(op, k)) for k in registry.param_names(op)}
    params["stride"] = pair_or_int(stride)
    helpers.set_tensor(sb, node, sb.add_layer(node, op, [args["input"]], params))


def max_pool2d(sb, node):
    names = ["kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices"]
    _pool(sb, node, "max_pool2d", names, {**registry.defaults("max_pool2d"), "return_indices": False})


def avg_pool2d(sb, node):
    names = ["kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"]
    _pool(sb, node, "avg_pool2d", names, registry.defaults("avg_pool2d"))


def interpolate(sb, node):
    names = ["input", "size", "scale_factor", "mode", "align_corners", "recompute_scale_factor", "antialias"]
    dflt = {"size": None, "scale_factor": None, "mode": "nearest", "align_corners": None}
    args = bind(node, names, {**dflt, "recompute_scale_factor": None, "antialias": False})
    if sb.const(args["antialias"]):
        raise Unsupported("antialias=True")
    x = args["input"]
    mode, corners = sb.const(args["mode"]), sb.const(args["align_corners"])
    params = helpers.upsample_params(sb, x, args["size"], args["scale_factor"], mode, corners)
    helpers.set_tensor(sb, node, sb.add_layer(node, "upsample", [x], params))


def upsample_fixed(sb, node):
    """F.upsample_nearest / F.upsample_bilinear (the latter with align_corners=True)."""
    args = bind(node, ["input", "size", "scale_factor"], {"size": None, "scale_factor": None})
    bil = node.target is getattr(sb.torch.nn.functional, "upsample_bilinear", None)
    x = args["input"]
    params = helpers.upsample_params(
        sb, x, args["size"], args["scale_factor"], "bilinear" if bil else "nearest", True if bil else None
    )
    helpers.set_tensor(sb, node, sb.add_layer(node, "upsample", [x], params))


def linear(sb, node):
    helpers.weighted_function(sb, node, "linear", bind(node, ["input", "weight", "bias"], {"bias": None}))


def conv2d(sb, node):
    names = ["input", "weight", "bias", "stride", "padding", "dilation", "groups"]
    args = bind(node, names, {"bias": None, "stride": 1, "padding": 0, "dilation": 1, "groups": 1})
    helpers.weighted_function(sb, node, "conv2d", args)


def prelu(sb, node):
    helpers.weighted_function(sb, node, "prelu", bind(node, ["input", "weight"], {}))


def layer_norm(sb, node):
    args = bind(
        node, ["input", "normalized_shape", "weight", "bias", "eps"], {"weight": None, "bias": None, "eps": 1e-5}
    )
    weights = helpers.parameter_weights(sb, args, ("weight", "bias"))
    if len(weights) == 1:
        raise Unsupported("layer_norm with a weight but no bias, or a bias but no weight")
    ns = sb.const(args["normalized_shape"])
    params = {
        "normalized_shape": [int(d) for d in (ns if isinstance(ns, (list, tuple)) else [ns])],
        "eps": convert(sb.const(args["eps"])),
        "elementwise_affine": bool(weights),
    }
    helpers.set_tensor(sb, node, helpers.add_weighted(sb, node, "layer_norm", [args["input"]], params, weights))


def group_norm(sb, node):
    args = bind(node, ["input", "num_groups", "weight", "bias", "eps"], {"weight": None, "bias": None, "eps": 1e-5})
    weights = helpers.parameter_weights(sb, args, ("weight", "bias"))
    if len(weights) == 1:
        raise Unsupported("group_norm with a weight but no bias, or a bias but no weight")
    params = {
        "num_groups": int(sb.const(args["num_groups"])),
        "eps": convert(sb.const(args["eps"])),
        "affine": bool(weights),
    }
    helpers.set_tensor(sb, node, helpers.add_weighted(sb, node, "group_norm", [args["input"]], params, weights))


def matmul(sb, node):
    args = bind(node, ["input", "other"], {})
    if not (sb.is_tensor(args["input"]) and sb.is_tensor(args["other"])):
        raise Unsupported("matmul of a non-tensor")
    helpers.set_tensor(sb, node, sb.add_layer(node, "matmul", [args["input"], args["other"]]))


def _inference_identity(sb, node, x, training):
    """``training``: whether the call drops anything as traced (then a warning)."""
    if training:
        sb.warn(
            "warning: %s at %s traced with training=True; drafted for inference, where it passes its input on"
            % (sb.op_label(node), sb.source(node))
        )
    sb.alias(node, x)


def dropout(sb, node):
    args = bind(node, ["input", "p", "training", "inplace"], {"p": 0.5, "training": True, "inplace": False})
    _inference_identity(sb, node, args["input"], sb.const(args["training"]) and sb.const(args["p"]) > 0)


def stochastic_depth(sb, node):
    """torchvision.ops.stochastic_depth (StochasticDepth modules call it), any mode: identity in eval."""
    args = bind(node, ["input", "p", "mode", "training"], {"training": True})
    _inference_identity(sb, node, args["input"], sb.const(args["training"]) and sb.const(args["p"]) > 0)


def drop_block(sb, node):
    """torchvision.ops.drop_block2d/3d: identity in eval."""
    names = ["input", "p", "block_size", "inplace", "eps", "training"]
    args = bind(node, names, {"inplace": False, "eps": 1e-06, "training": True})
    _inference_identity(sb, node, args["input"], sb.const(args["training"]) and sb.const(args["p"]) > 0)


# ---- math ops (issue 10)


def pow_(sb, node):
    args = bind(node, ["input", "exponent"], {})
    helpers.pow_(sb, node, args["input"], args["exponent"])


def max_min(sb, node):
    """torch.max / torch.min: of two tensors (maximum / minimum), or of all values (amax / amin)."""
    args = bind(node, ["input", "other", "keepdim"], {"other": None, "keepdim": False})
    if "dim" in node.kwargs:
        args["other"] = node.kwargs["dim"]
    helpers.max_min(sb, node, node.target.__name__, args["input"], args["other"])


def attention(sb, node):
    """F.scaled_dot_product_attention (PyTorch 2.0+) without attn_mask and dropout."""
    names = ["query", "key", "value", "attn_mask", "dropout_p", "is_causal", "scale"]
    args = bind(node, names, {"attn_mask": None, "dropout_p": 0.0, "is_causal": False, "scale": None})
    if args["attn_mask"] is not None:
        raise Unsupported("attn_mask")
    if sb.const(args["dropout_p"]) != 0:
        raise Unsupported("dropout_p=%r" % sb.const(args["dropout_p"]))
    params = {"is_causal": True} if sb.const(args["is_causal"]) else {}
    if sb.const(args["scale"]) is not None:
        params["scale"] = float(sb.const(args["scale"]))
    qkv = [args["query"], args["key"], args["value"]]
    helpers.set_tensor(sb, node, sb.add_layer(node, "scaled_dot_product_attention", qkv, params))


def einsum(sb, node):
    """torch.einsum(equation, *operands) or torch.einsum(equation, [operands])."""
    if not node.args or node.kwargs:
        raise Unsupported("einsum without an equation")
    equation = sb.const(node.args[0])
    operands = list(node.args[1]) if len(node.args) == 2 and isinstance(node.args[1], (list, tuple)) else node.args[1:]
    if not isinstance(equation, str):
        raise Unsupported("einsum in the sublist format")
    helpers.set_tensor(sb, node, einsum_.draft(sb, node, equation, list(operands)))


# function -> handler, for the functions the generic binding does not fit
SPECIFIC = {
    "operator.getitem": getitem,
    "operator.add": binary,
    "torch.add": binary,
    "operator.sub": binary,
    "torch.sub": binary,
    "operator.mul": binary,
    "torch.mul": binary,
    "operator.truediv": binary,
    "torch.div": binary,
    "torch.true_divide": binary,
    "torch.clamp": clamp,
    "torch.clip": clamp,
    "torch.cat": cat,
    "torch.concat": cat,
    "torch.concatenate": cat,
    "torch.flatten": flatten,
    "torch.reshape": reshape,
    "torch.squeeze": reshape,
    "torch.unsqueeze": reshape,
    "torch.permute": permute,
    "torch.nn.functional.softmax": softmax,
    "torch.softmax": softmax,
    "torch.mean": reduce,
    "torch.sum": reduce,
    "torch.narrow": narrow,
    "torch.nn.functional.max_pool2d": max_pool2d,
    "torch.nn.functional.avg_pool2d": avg_pool2d,
    "torch.nn.functional.interpolate": interpolate,
    "torch.nn.functional.upsample": interpolate,
    "torch.nn.functional.upsample_nearest": upsample_fixed,
    "torch.nn.functional.upsample_bilinear": upsample_fixed,
    "torch.nn.functional.linear": linear,
    "torch.nn.functional.conv2d": conv2d,
    "torch.nn.functional.prelu": prelu,
    "torch.nn.functional.layer_norm": layer_norm,
    "torch.nn.functional.group_norm": group_norm,
    "torch.matmul": matmul,
    "torch.bmm": matmul,
    "operator.matmul": matmul,
    "torch.nn.functional.pad": pad,
    "torch.broadcast_to": broadcast_to,
    "torch.index_select": index_select,
    "torch.nn.functional.dropout": dropout,
    "torch.nn.functional.dropout2d": dropout,
    "torch.nn.functional.alpha_dropout": dropout,
    "torchvision.ops.stochastic_depth": stochastic_depth,
    "torchvision.ops.drop_block2d": drop_block,
    "torchvision.ops.drop_block3d": drop_block,
    # math ops (issue 10)
    "torch.pow": pow_,
    "operator.pow": pow_,
    "torch.maximum": binary,
    "torch.minimum": binary,
    "torch.max": max_min,
    "torch.min": max_min,
    "torch.amax": reduce,
    "torch.amin": reduce,
    "torch.nn.functional.scaled_dot_product_attention": attention,
    "torch.einsum": einsum,
}


@functools.lru_cache(maxsize=None)  # noqa: UP033 (functools.cache needs 3.9; pyproject allows 3.8)
def _handlers():
    return registry.handler_table("functions", generic, SPECIFIC)


def drafted_functions():
    """The functions the drafter maps as they are (the tracer need not trace through them).
    Call it before tracing: while tracing, torch.fx patches functions that the table resolves."""
    return frozenset(_handlers())


def draft(sb, node):
    handler = _handlers().get(node.target)
    if handler is None:
        raise Unsupported("no trtgen op for %s" % sb.op_label(node))
    handler(sb, node)
