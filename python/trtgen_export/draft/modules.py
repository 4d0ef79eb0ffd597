"""Drafting ``call_module`` nodes.

A module class listed in ops.json (``pytorch.modules``) needs no code here: the
generic handler copies the op's parameters (ops.json names) from the module's
attributes of the same names. The handlers below are for modules whose
attributes need a check or a translation.
"""

import functools
import inspect

from .. import registry
from .common import Unsupported, bind, convert
from .helpers import upsample_params


def module_params(m, op, **overrides):
    """The op's parameters (ops.json) read from the module's attributes of the same names."""
    return {
        k: overrides[k] if k in overrides else convert(getattr(m, k), registry.is_pair(op, k))
        for k in registry.param_names(op)
        if k in overrides or hasattr(m, k)
    }


def _zeros_padding(m, op):
    if m.padding_mode != "zeros":
        raise Unsupported("padding_mode=%r (trtgen %s pads with zeros only)" % (m.padding_mode, op))


def conv2d(sb, m, x):
    if m.padding_mode != "zeros":  # draft() puts a pad layer first (_padding_layer)
        return "conv2d", module_params(m, "conv2d", bias=m.bias is not None, padding=0, padding_mode="zeros")
    return "conv2d", module_params(m, "conv2d", bias=m.bias is not None)


def _padding_layer(sb, node, m, x):
    """Conv2d with padding_mode reflect/replicate/circular pads with F.pad in that mode and then
    convolves without padding: the pad layer, named <layer>_pad, before the conv2d."""
    pad = [int(v) for v in m._reversed_padding_repeated_twice]
    return sb.add_layer(node, "pad", [x], {"pad": pad, "mode": m.padding_mode}, name=sb.unique(node.name + "_pad"))


def conv_transpose2d(sb, m, x):
    _zeros_padding(m, "conv_transpose2d")
    return "conv_transpose2d", module_params(m, "conv_transpose2d", bias=m.bias is not None)


def batch_norm2d(sb, m, x):
    if not m.track_running_stats or m.running_mean is None:
        raise Unsupported("track_running_stats=False (batch statistics at inference)")
    return "batch_norm2d", module_params(m, "batch_norm2d")


def max_pool2d(sb, m, x):
    if m.return_indices:
        raise Unsupported("return_indices=True")
    return "max_pool2d", module_params(m, "max_pool2d")


def linear(sb, m, x):
    return "linear", module_params(m, "linear", bias=m.bias is not None)


def upsample(sb, m, x):
    return "upsample", upsample_params(sb, x, m.size, m.scale_factor, m.mode, m.align_corners)


def softmax(sb, m, x):
    dim = m.dim if m.dim is not None else (0 if sb.rank(x) in (0, 1, 3) else 1)  # PyTorch's legacy implicit dim
    return "softmax", dict(dim=sb.norm_dim(dim, sb.rank(x)))


def layer_norm(sb, m, x):
    if m.elementwise_affine and getattr(m, "bias", None) is None:
        raise Unsupported("LayerNorm(bias=False) (trtgen layer_norm has a bias with its weight)")
    return "layer_norm", module_params(m, "layer_norm", normalized_shape=[int(d) for d in m.normalized_shape])


def pad(sb, m, x):
    """The padding modules: `padding` holds F.pad's list, the class gives the mode."""
    name = type(m).__name__
    mode = "reflect" if name.startswith("Reflection") else "replicate" if name.startswith("Replication") else "constant"
    params = {"pad": [int(v) for v in m.padding], "mode": mode}
    if mode == "constant":
        params["value"] = float(m.value)
    return "pad", params


def multi_head_attention(sb, node, m):
    """nn.MultiheadAttention(query, key, value, ...): the attention output only (the weights, output
    1, are not computed). One input where key and value are the query, two where value is the key."""
    sig = inspect.signature(m.forward)
    names = list(sig.parameters)
    args = bind(node, names, {k: p.default for k, p in sig.parameters.items() if p.default is not p.empty})
    for k in ("key_padding_mask", "attn_mask"):
        if args.get(k) is not None:
            raise Unsupported("%s given (trtgen multi_head_attention has no masks)" % k)
    if args.get("is_causal"):
        raise Unsupported("is_causal=True (trtgen multi_head_attention has no masks)")
    if m.bias_k is not None or m.bias_v is not None:
        raise Unsupported("add_bias_kv=True (trtgen multi_head_attention has no bias_k/bias_v)")
    if m.add_zero_attn:
        raise Unsupported("add_zero_attn=True")
    if (m.in_proj_bias is None) != (m.out_proj.bias is None):
        raise Unsupported("in_proj_bias and out_proj.bias not both present or both absent")
    q, k, v = args["query"], args["key"], args["value"]
    if not all(sb.is_tensor(t) for t in (q, k, v)):
        raise Unsupported("query, key and value must be tensors")
    inputs = [q] if q is k and k is v else [q, k] if k is v else [q, k, v]
    params = {"embed_dim": int(m.embed_dim), "num_heads": int(m.num_heads), "bias": m.in_proj_bias is not None}
    if not m._qkv_same_embed_dim:
        params.update(kdim=int(m.kdim), vdim=int(m.vdim), use_separate_proj_weight=True)
    params["batch_first"] = bool(m.batch_first)
    return "multi_head_attention", inputs, params


# module class -> handler (sb, node, module) -> (op, inputs, params), for modules returning a tuple
# whose first tensor is the one a layer computes (the rest is not computed)
MULTI_OUTPUT = {"torch.nn.MultiheadAttention": multi_head_attention}

# module class -> handler, for the classes whose attributes are not the op's parameters as they are
SPECIFIC = {
    "torch.nn.Conv2d": conv2d,
    "torch.nn.ConvTranspose2d": conv_transpose2d,
    "torch.nn.BatchNorm2d": batch_norm2d,
    "torch.nn.MaxPool2d": max_pool2d,
    "torch.nn.Linear": linear,
    "torch.nn.Upsample": upsample,
    "torch.nn.UpsamplingNearest2d": upsample,
    "torch.nn.UpsamplingBilinear2d": upsample,
    "torch.nn.Softmax": softmax,
    "torch.nn.LayerNorm": layer_norm,
    **{"torch.nn.%s" % c: pad for c in ("ZeroPad2d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d")},
    **{"torch.nn.%sPad%dd" % (k, n): pad for k in ("Reflection", "Replication") for n in (1, 2, 3)},
}


def generic(op):
    """The handler of a module whose attributes are the op's parameters."""

    def handler(sb, m, x):
        return op, module_params(m, op)

    return handler


@functools.lru_cache(maxsize=None)  # noqa: UP033 (functools.cache needs 3.9; pyproject allows 3.8)
def _handlers():
    return registry.handler_table("modules", generic, SPECIFIC)


def draft(sb, node):
    m = sb.modules[node.target]
    if len(node.args) != 1 or node.kwargs or not sb.is_tensor(node.args[0]):
        raise Unsupported("module called with %d args" % (len(node.args) + len(node.kwargs)))
    x = node.args[0]
    handler = _handlers().get(type(m))
    if handler is None:
        raise Unsupported("no trtgen op for module type %s" % type(m).__name__)
    op, params = handler(sb, m, x)
    if op == "identity":  # nn.Identity, nn.Dropout, ... in eval mode: no layer
        sb.alias(node, x)
        return
    if isinstance(m, sb.torch.nn.Conv2d) and m.padding_mode != "zeros":
        x = _padding_layer(sb, node, m, x)
    sb.tensor_name[node.name] = _module_layer(sb, node, op, [x], params)


@functools.lru_cache(maxsize=None)  # noqa: UP033 (functools.cache needs 3.9; pyproject allows 3.8)
def _multi_handlers():
    return registry.handler_table("modules", lambda op: None, MULTI_OUTPUT)


def draft_multi(sb, node):
    """A module call returning a tuple: the layer computing its first tensor, or Unsupported."""
    m = sb.modules[node.target]
    handler = _multi_handlers().get(type(m))
    if handler is None:
        raise Unsupported("returns %d tensors" % len(sb.values[node.name]))
    op, inputs, params = handler(sb, node, m)
    return _module_layer(sb, node, op, inputs, params)


def _module_layer(sb, node, op, inputs, params):
    """Adds the layer of a module call; returns its name: the state_dict prefix, or for a module
    used a second time a fresh name with weight overrides to the first use's tensors."""
    roles = registry.weight_roles(op, params)
    weights = None
    if node.target not in sb.module_uses:
        lname = sb.unique(node.target)
        sb.module_uses[node.target] = lname
    else:
        lname = sb.unique(node.name)
        if roles:
            weights = {r: "%s.%s" % (node.target, r) for r in roles}
    return sb.add_layer(node, op, inputs, params, weights=weights, name=lname)
