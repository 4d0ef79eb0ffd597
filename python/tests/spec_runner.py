"""A test-only interpreter for trtgen YAML specs, written from the format description.

It executes a parsed spec with PyTorch ops using weights looked up by name
(``<layer>.<role>`` or the layer's ``weights:`` overrides), so tests can check
that a drafted spec computes the same thing as the original model and that the
.wts tensor names line up.
"""

import torch
import torch.nn.functional as F
from trtgen_export import registry


class CustomLayer(Exception):
    pass


def _pair(v):
    return tuple(v) if isinstance(v, (list, tuple)) else (v, v)


def _generic(op, layer):
    """An op without weights whose parameters are the constructor arguments of its module (ops.json)."""
    if op not in registry.ops():
        raise ValueError("unknown op %s" % op)
    entry = registry.op(op)
    if entry["weights"] or not entry["pytorch"].get("modules"):
        raise ValueError("op %s has no generic PyTorch module; add a branch to spec_runner.py" % op)
    cls = registry.resolve(entry["pytorch"]["modules"][0])
    return cls(**{k: layer[k] for k in registry.param_names(op) if k in layer})


def attention(q, k, v, is_causal=False, scale=None):
    """F.scaled_dot_product_attention without mask and dropout, written out (torch < 2.0 lacks it)."""
    s = torch.matmul(q, k.transpose(-2, -1)) * (scale if scale is not None else q.shape[-1] ** -0.5)
    if is_causal:
        s = s.masked_fill(~torch.ones(s.shape[-2:], dtype=torch.bool).tril(), float("-inf"))
    return torch.matmul(torch.softmax(s, -1), v)


def multi_head_attention(xs, p, w):
    """The multi_head_attention op by F.multi_head_attention_forward: inputs [query] (key and value
    are the query), [query, key] (value is the key) or [query, key, value]; ``w(role)`` its weights."""
    q, k, v = (xs[min(i, len(xs) - 1)] for i in range(3))
    bf = p.get("batch_first", False) and q.dim() == 3
    if bf:
        q, k, v = (t.transpose(0, 1) for t in (q, k, v))
    sep = p.get("use_separate_proj_weight", False)
    bias = p.get("bias", True)
    y = F.multi_head_attention_forward(
        q,
        k,
        v,
        p["embed_dim"],
        p["num_heads"],
        None if sep else w("in_proj_weight"),
        w("in_proj_bias") if bias else None,
        None,
        None,
        False,
        0.0,
        w("out_proj.weight"),
        w("out_proj.bias") if bias else None,
        training=False,
        need_weights=False,
        use_separate_proj_weight=sep,
        q_proj_weight=w("q_proj_weight") if sep else None,
        k_proj_weight=w("k_proj_weight") if sep else None,
        v_proj_weight=w("v_proj_weight") if sep else None,
    )[0]
    return y.transpose(0, 1) if bf else y


def run_spec(spec, weights, inputs):
    """spec: parsed YAML dict; weights: name -> tensor; inputs: name -> tensor. Returns {output: tensor}."""
    env = dict(inputs)
    prev = spec["inputs"][0]["name"] if len(spec["inputs"]) == 1 else None
    for layer in spec["layers"]:
        name, op = layer["name"], layer["op"]
        if "inputs" in layer:
            xs = [env[n] for n in layer["inputs"]]
        elif registry.op(op)["arity"]["max"] == 0:
            xs = []
        else:
            xs = [env[layer.get("input", prev)]]
        x = xs[0] if xs else None
        over = layer.get("weights") or {}

        def w(role, required=True):
            key = over.get(role, "%s.%s" % (name, role))  # noqa: B023 (called inside the loop)
            if key not in weights:
                if required:
                    raise KeyError("layer %s: weight %s not found" % (name, key))  # noqa: B023
                return None
            return weights[key].float()

        p = layer
        if op == "conv2d":
            pad = p.get("padding", 0)
            if isinstance(pad, dict):
                x = F.pad(x, (pad["left"], pad["right"], pad["top"], pad["bottom"]))
                pad = 0
            pm = p.get("padding_mode", "zeros")
            if pm != "zeros" and not isinstance(pad, str):
                ph, pw = _pair(pad)
                x = F.pad(x, (pw, pw, ph, ph), mode=pm)
                pad = 0
            y = F.conv2d(
                x,
                w("weight"),
                w("bias") if p.get("bias", True) else None,
                _pair(p.get("stride", 1)),
                pad if isinstance(pad, str) else _pair(pad),
                _pair(p.get("dilation", 1)),
                p.get("groups", 1),
            )
            assert y.shape[1] == p["out_channels"]
        elif op == "conv_transpose2d":
            y = F.conv_transpose2d(
                x,
                w("weight"),
                w("bias") if p.get("bias", True) else None,
                _pair(p.get("stride", 1)),
                _pair(p.get("padding", 0)),
                _pair(p.get("output_padding", 0)),
                p.get("groups", 1),
                _pair(p.get("dilation", 1)),
            )
        elif op == "batch_norm2d":
            aff = p.get("affine", True)
            y = F.batch_norm(
                x,
                w("running_mean"),
                w("running_var"),
                w("weight") if aff else None,
                w("bias") if aff else None,
                False,
                0.0,
                p.get("eps", 1e-5),
            )
        elif op == "prelu":
            y = F.prelu(x, w("weight"))
            assert w("weight").numel() == p.get("num_parameters", 1)
        elif op == "clamp":
            y = torch.clamp(x, p.get("min"), p.get("max"))
        elif op == "linear":
            y = F.linear(x, w("weight"), w("bias") if p.get("bias", True) else None)
        elif op == "reshape":
            y = x.reshape(p["shape"])
        elif op == "permute":
            y = x.permute(p["dims"])
        elif op in ("add", "sub", "mul", "div"):
            b = xs[1] if len(xs) > 1 else p["other"]
            if op == "add":
                y = x + p.get("alpha", 1) * b
            elif op == "sub":
                y = x - p.get("alpha", 1) * b
            elif op == "mul":
                y = x * b
            else:
                y = x / b
        elif op == "concat":
            y = torch.cat(xs, p.get("dim", 0))
        elif op == "upsample":
            mode = p.get("mode", "nearest")
            kw = {"align_corners": p.get("align_corners", False)} if mode == "bilinear" else {}
            if "size" in p:
                y = F.interpolate(x, size=tuple(_pair(p["size"])), mode=mode, **kw)
            else:
                sf = p["scale_factor"]
                y = F.interpolate(x, scale_factor=tuple(sf) if isinstance(sf, list) else sf, mode=mode, **kw)
        elif op in ("mean", "sum"):
            d = p["dim"]
            y = getattr(torch, op)(x, d if isinstance(d, int) else tuple(d), keepdim=p.get("keepdim", False))
        elif op == "slice":
            d = p["dim"]
            idx = [slice(None)] * x.dim()
            idx[d] = slice(p.get("start", 0), p.get("end"), p.get("step", 1))
            y = x[tuple(idx)]
        # math ops (issue 10)
        elif op in ("erf", "sqrt", "exp", "abs", "neg"):
            y = getattr(torch, op)(x)
        elif op == "pow":
            y = torch.pow(x, xs[1] if len(xs) > 1 else p["exponent"])
        elif op in ("maximum", "minimum"):
            b = xs[1] if len(xs) > 1 else torch.tensor(float(p["other"]))
            y = getattr(torch, op)(x, b)
        elif op in ("amax", "amin"):
            d = p["dim"]
            y = getattr(torch, op)(x, d if isinstance(d, int) else tuple(d), keepdim=p.get("keepdim", False))
        elif op == "argmax":  # indices as floats, as trtgen computes them
            y = torch.argmax(x, p["dim"], keepdim=p.get("keepdim", False)).float()
        elif op == "scaled_dot_product_attention":
            y = attention(*xs, is_causal=p.get("is_causal", False), scale=p.get("scale"))
        elif op == "multi_head_attention":
            y = multi_head_attention(xs, p, w)
        elif op == "normalize":
            y = F.normalize(x, p.get("p", 2), p.get("dim", 1), p.get("eps", 1e-12))
        elif op == "transpose":
            y = x.transpose(p["dim0"], p["dim1"])
        elif op == "expand":
            y = x.expand(p["size"])
        elif op == "pad":
            mode = p.get("mode", "constant")
            y = F.pad(x, p["pad"], mode, p.get("value", 0) if mode == "constant" else None)
        elif op == "roll":
            y = torch.roll(x, p["shifts"], p.get("dims"))
        elif op == "chunk":
            y = torch.chunk(x, p["chunks"], p.get("dim", 0))[p["index"]]
        elif op == "split":
            y = torch.split(x, p["split_size_or_sections"], p.get("dim", 0))[p["index"]]
        elif op == "select":
            y = torch.select(x, p["dim"], p["index"])
        elif op == "gather":
            y = torch.index_select(x, p["dim"], w("index").long())
        elif op == "custom":
            raise CustomLayer(name)
        elif op == "constant":
            y = w("value").reshape(p["shape"])
        elif op == "layer_norm":
            ns = p["normalized_shape"]
            ns = [ns] if isinstance(ns, int) else ns
            aff = p.get("elementwise_affine", True)
            args = (ns, w("weight") if aff else None, w("bias") if aff else None, p.get("eps", 1e-5))
            if p.get("channels_first", False):
                y = F.layer_norm(x.movedim(1, -1), *args).movedim(-1, 1)
            else:
                y = F.layer_norm(x, *args)
        elif op == "matmul":
            y = torch.matmul(xs[0], xs[1])
        elif op == "group_norm":
            aff = p.get("affine", True)
            y = F.group_norm(
                x, p["num_groups"], w("weight") if aff else None, w("bias") if aff else None, p.get("eps", 1e-5)
            )
        else:
            y = _generic(op, p)(x)
        env[name] = y
        prev = name
    return {o: env[o] for o in spec["outputs"]}
