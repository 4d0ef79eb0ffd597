"""Map a traced torch.fx graph to a draft trtgen YAML spec.

Layer names: leaf modules keep their qualified name (== state_dict prefix);
functions and methods use the fx node name. Shape-only computations
(``x.size(0)``, ``x.shape``) are folded to constants. Everything else that the
trtgen format does not cover becomes an ``op: custom`` layer with a TODO
snippet, a YAML comment naming the PyTorch op, and a warning.
"""

import math
import operator
import re

from .loading import torch_module
from .yamlout import dump_spec


class Unsupported(Exception):
    """Raised by a handler: the node becomes a custom layer (reason goes into the comment)."""


def _pair_or_int(v):
    if isinstance(v, (tuple, list)):
        v = [int(x) if x is not None else None for x in v]
        if len(v) == 2 and v[0] == v[1] and v[0] is not None:
            return v[0]
        return v
    return int(v) if v is not None else None


def _num(v):
    """Python number from int/float/0-d tensor/numpy; bools unchanged."""
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return v
    torch = torch_module()
    if isinstance(v, torch.Tensor):
        if v.numel() != 1:
            raise Unsupported("tensor used as a scalar")
        return v.item()
    try:
        return float(v)
    except Exception:
        raise Unsupported("%r is not a number" % (v,))


# ---------------------------------------------------------------------------------------------
# Format defaults: parameters equal to these are not written (both forms are valid specs).

DEFAULTS = {
    "conv2d": dict(stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode="zeros"),
    "conv_transpose2d": dict(stride=1, padding=0, output_padding=0, dilation=1, groups=1, bias=True),
    "batch_norm2d": dict(eps=1e-5, affine=True),
    "leaky_relu": dict(negative_slope=0.01),
    "prelu": dict(num_parameters=1),
    "gelu": dict(approximate="none"),
    "elu": dict(alpha=1.0),
    "softplus": dict(beta=1, threshold=20),
    "hardtanh": dict(min_val=-1, max_val=1),
    "max_pool2d": dict(padding=0, dilation=1, ceil_mode=False),
    "avg_pool2d": dict(padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None),
    "linear": dict(bias=True),
    "flatten": dict(start_dim=1, end_dim=-1),
    "sub": dict(alpha=1),
    "mean": dict(keepdim=False),
    "sum": dict(keepdim=False),
    "slice": dict(start=0, end=None, step=1),
    "upsample": dict(mode="nearest"),
    "concat": dict(),
}


class SpecBuilder:
    def __init__(self, gm, values, factory_label, name, warn=None):
        self.torch = torch_module()
        self.gm = gm
        self.values = values
        self.factory_label = factory_label
        self.name = name
        self.warn = warn or (lambda msg: None)
        self.modules = dict(gm.named_modules())
        self.inputs = []
        self.layers = []  # (comments, dict)
        self.tensor_name = {}  # fx node name -> spec tensor name
        self.consts = {}  # fx node name -> python value (folded)
        self.multi = {}  # fx node name -> ("split", dim, [(start, end)]) or ("custom", layer name)
        self.used_names = set()
        self.module_uses = {}  # module qualname -> layer name of first use
        self.custom_count = 0
        self.outputs = []
        self.output_nodes = []

    # ---- helpers -----------------------------------------------------------------------------

    def is_tensor(self, a):
        import torch.fx as fx

        return isinstance(a, fx.Node) and isinstance(self.values.get(a.name), self.torch.Tensor)

    def shape(self, a):
        return list(self.values[a.name].shape)

    def rank(self, a):
        return len(self.values[a.name].shape)

    def tname(self, a):
        """Spec tensor name for a tensor-valued node (creating a constant layer for get_attr)."""
        if a.name not in self.tensor_name:
            if a.op == "get_attr":
                self._const_layer(a)
            else:
                raise Unsupported("input %s has no spec tensor" % a.name)
        return self.tensor_name[a.name]

    def const(self, a):
        """Resolve a (nested) argument to plain Python values; tensors are not constants."""
        import torch.fx as fx

        if isinstance(a, fx.Node):
            if a.name in self.consts:
                return self.consts[a.name]
            if self.is_tensor(a):
                raise Unsupported("tensor %s where a constant was expected" % a.name)
            return self.values.get(a.name)
        if isinstance(a, (list, tuple)):
            return type(a)(self.const(x) for x in a) if not hasattr(a, "_fields") else a
        if isinstance(a, dict):
            return {k: self.const(v) for k, v in a.items()}
        return a

    def unique(self, base):
        name = base
        i = 1
        while name in self.used_names:
            name = "%s_%d" % (base, i)
            i += 1
        self.used_names.add(name)
        return name

    def norm_dim(self, d, rank):
        d = int(d)
        if d < -rank or d >= rank:
            raise Unsupported("dim %d out of range for rank %d" % (d, rank))
        return d + rank if d < 0 else d

    def add_layer(self, node, op, inputs, params=None, weights=None, name=None, comments=(), defaults_op=None):
        layer_name = name if name is not None else self.unique(node.name)
        layer = {"name": layer_name, "op": op}
        ins = [self.tname(i) if not isinstance(i, str) else i for i in inputs]
        if op in ("add", "sub", "mul", "div", "concat", "custom") and (len(ins) != 1 or op in ("concat", "custom")):
            layer["inputs"] = ins
        else:
            layer["input"] = ins[0]
        defaults = DEFAULTS.get(defaults_op or op, {})
        for k, v in (params or {}).items():
            if k in defaults and _same(defaults[k], v):
                continue
            layer[k] = v
        if weights:
            layer["weights"] = weights
        self.layers.append((list(comments), layer))
        return layer_name

    # ---- main loop ---------------------------------------------------------------------------

    def build(self):
        for node in self.gm.graph.nodes:
            if node.op == "placeholder":
                self._placeholder(node)
            elif node.op == "output":
                self._output(node)
            elif node.op == "get_attr":
                continue  # materialised on first use as a tensor
            else:
                self._compute(node)
        return self

    def _placeholder(self, node):
        v = self.values.get(node.name)
        if not isinstance(v, self.torch.Tensor):
            return
        self.used_names.add(node.name)
        self.tensor_name[node.name] = node.name
        self.inputs.append({"name": node.name, "shape": list(v.shape), "dtype": "float32"})

    def _output(self, node):
        import torch.fx as fx

        flat = []

        def walk(a):
            if isinstance(a, fx.Node):
                flat.append(a)
            elif isinstance(a, (list, tuple)):
                for x in a:
                    walk(x)
            elif isinstance(a, dict):
                for x in a.values():
                    walk(x)

        walk(node.args[0])
        for a in flat:
            if not self.is_tensor(a):
                continue
            t = self.tname(a)
            if t in [i["name"] for i in self.inputs] or t in self.outputs:
                # an input (or a repeated output) returned as is: give it its own layer
                t = self.add_layer(a, "identity", [t], name=self.unique("output_%d" % len(self.outputs)))
            self.outputs.append(t)
            self.output_nodes.append(a.name)

    def _compute(self, node):
        v = self.values.get(node.name)
        torch = self.torch
        if not isinstance(v, torch.Tensor):
            if isinstance(v, (list, tuple)) and any(isinstance(x, torch.Tensor) for x in v):
                self._multi_output(node)
                return
            if node.op == "call_module":
                self._custom(node, "module returns a %s" % type(v).__name__)
                return
            # shape arithmetic etc.: fold to a constant
            self.consts[node.name] = v
            return
        if not v.is_floating_point():
            self._custom(node, "produces a %s tensor (trtgen layers are float)" % str(v.dtype).replace("torch.", ""))
            return
        try:
            if node.op == "call_module":
                self._module(node)
            elif node.op == "call_function":
                self._function(node)
            elif node.op == "call_method":
                self._method(node)
            else:
                raise Unsupported("fx op %s" % node.op)
        except Unsupported as e:
            self._custom(node, str(e))

    # ---- custom fallback -----------------------------------------------------------------------

    def op_label(self, node):
        if node.op == "call_module":
            m = self.modules.get(node.target)
            return "%s.%s (module %s)" % (type(m).__module__, type(m).__name__, node.target)
        if node.op == "call_method":
            return "Tensor.%s" % node.target
        if node.op == "get_attr":
            return "parameter/buffer %s" % node.target
        t = node.target
        mod = getattr(t, "__module__", None) or ""
        name = getattr(t, "__name__", None) or str(t)
        if mod in ("_operator", "operator"):
            mod = "operator"
        elif mod.startswith("torch._C") or mod == "" or mod is None:
            mod = (
                "torch.nn.functional"
                if hasattr(self.torch.nn.functional, name) and getattr(self.torch.nn.functional, name) is t
                else "torch"
            )
        if name == "fn" and hasattr(t, "__qualname__") and "boolean_dispatch" in t.__qualname__:
            for k in (
                "max_pool2d",
                "max_pool1d",
                "max_pool3d",
                "adaptive_max_pool2d",
                "adaptive_max_pool1d",
                "adaptive_max_pool3d",
                "fractional_max_pool2d",
                "fractional_max_pool3d",
            ):
                if getattr(self.torch.nn.functional, k, None) is t:
                    return "torch.nn.functional." + k
        return "%s.%s" % (mod, name)

    def describe_arg(self, a):
        import torch.fx as fx

        if isinstance(a, fx.Node):
            if self.is_tensor(a):
                return "%s%s" % (a.name, self.shape(a))
            if a.name in self.consts:
                return repr(self.consts[a.name])
            return a.name
        if isinstance(a, (list, tuple)) and not hasattr(a, "_fields"):
            inner = ", ".join(self.describe_arg(x) for x in a)
            return "[%s]" % inner if isinstance(a, list) else "(%s%s)" % (inner, "," if len(a) == 1 else "")
        r = repr(a)
        return r if len(r) <= 80 else r[:77] + "..."

    def _call_text(self, node):
        args = [self.describe_arg(a) for a in node.args]
        args += ["%s=%s" % (k, self.describe_arg(v)) for k, v in node.kwargs.items()]
        if node.op == "call_module":
            m = self.modules.get(node.target)
            extra = m.extra_repr() if m is not None else ""
            return "%s(%s)(%s)" % (type(m).__name__, extra, ", ".join(args))
        return "%s(%s)" % (self.op_label(node), ", ".join(args))

    def _tensor_args(self, node):
        import torch.fx as fx

        found = []

        def walk(a):
            if isinstance(a, fx.Node):
                if self.is_tensor(a) and a not in found:
                    found.append(a)
            elif isinstance(a, (list, tuple)):
                for x in a:
                    walk(x)
            elif isinstance(a, dict):
                for x in a.values():
                    walk(x)

        walk(node.args)
        walk(node.kwargs)
        return found

    def _custom(self, node, reason, out_value=None):
        v = self.values.get(node.name) if out_value is None else out_value
        if isinstance(v, (list, tuple)):
            first = next((x for x in v if isinstance(x, self.torch.Tensor)), None)
            out_shape = list(first.shape) if first is not None else []
            shape_text = " / ".join(str(list(x.shape)) for x in v if isinstance(x, self.torch.Tensor))
        elif isinstance(v, self.torch.Tensor):
            out_shape = list(v.shape)
            shape_text = str(out_shape)
        else:
            out_shape, shape_text = [], type(v).__name__
        ins = []
        for a in self._tensor_args(node):
            try:
                ins.append(self.tname(a))
            except Unsupported:
                pass
        if node.op == "call_module":
            base = node.target if node.target not in self.module_uses else node.name
            self.module_uses.setdefault(node.target, base)
            lname = self.unique(base)
        else:
            lname = self.unique(node.name)
        label = self.op_label(node)
        comments = [
            "TODO unsupported by trtgen: %s -> %s" % (self._call_text(node), shape_text),
            "reason: %s" % reason,
        ]
        params = {"output_shape": out_shape, "snippet": "// TODO: implement %s" % label}
        self.add_layer(node, "custom", ins, params, name=lname, comments=comments)
        self.tensor_name[node.name] = lname
        self.custom_count += 1
        self.warn(
            "warning: layer %r: %s is not covered by trtgen (%s); wrote a custom layer with a TODO snippet"
            % (lname, label, reason)
        )
        return lname

    def _const_layer(self, node):
        lname = self.unique(node.name)
        v = self.values.get(node.name)
        anchor = [self.inputs[0]["name"]] if self.inputs else []
        comments = [
            "TODO constant tensor %s %s used as data (weights '%s' in the .wts; e.g. an IConstantLayer)"
            % (node.target, list(v.shape), node.target)
        ]
        if anchor:
            comments.append("input %s is only a placeholder: custom layers need at least one input" % anchor[0])
        params = {"output_shape": list(v.shape), "snippet": "// TODO: constant tensor from weights '%s'" % node.target}
        self.add_layer(node, "custom", anchor, params, name=lname, comments=comments)
        self.tensor_name[node.name] = lname
        self.custom_count += 1
        self.warn(
            "warning: layer %r: parameter/buffer %s is used as a tensor; wrote a custom layer with a TODO "
            "snippet" % (lname, node.target)
        )

    # ---- multi-output ops (split / chunk) ------------------------------------------------------

    def _multi_output(self, node):
        fn = node.target
        torch = self.torch
        key = None
        if node.op == "call_function" and fn in (torch.split, torch.chunk, getattr(torch, "tensor_split", None)):
            key = fn.__name__
        elif node.op == "call_method" and node.target in ("split", "chunk"):
            key = node.target
        v = self.values[node.name]
        if key in ("split", "chunk"):
            args = _bind(node, ["input", "split_size_or_sections" if key == "split" else "chunks", "dim"], {"dim": 0})
            x = args["input"]
            if self.is_tensor(x):
                dim = self.norm_dim(self.const(args["dim"]), self.rank(x))
                ranges, start = [], 0
                for part in v:
                    ranges.append((start, start + part.shape[dim]))
                    start += part.shape[dim]
                self.multi[node.name] = ("split", x, dim, ranges)
                return
        lname = self._custom(node, "returns %d tensors" % len(v))
        self.multi[node.name] = ("custom", lname)

    def _getitem_multi(self, node, src, idx):
        info = self.multi[src.name]
        if info[0] == "split":
            _, x, dim, ranges = info
            start, end = ranges[idx]
            end_param = None if end == self.shape(x)[dim] else end
            return self.add_layer(node, "slice", [x], {"dim": dim, "start": start, "end": end_param, "step": 1})
        if idx == 0:
            self.tensor_name[node.name] = info[1]
            return info[1]
        raise Unsupported("output %d of custom layer %s" % (idx, info[1]))

    # ---- modules -----------------------------------------------------------------------------

    def _module(self, node):
        nn = self.torch.nn
        m = self.modules[node.target]
        if len(node.args) != 1 or node.kwargs or not self.is_tensor(node.args[0]):
            raise Unsupported("module called with %d args" % (len(node.args) + len(node.kwargs)))
        x = node.args[0]
        t = type(m)
        op, params, roles = None, {}, ()
        if t is nn.Conv2d:
            if m.padding_mode != "zeros":
                raise Unsupported("padding_mode=%r (trtgen conv2d pads with zeros only)" % m.padding_mode)
            op = "conv2d"
            params = dict(
                in_channels=m.in_channels,
                out_channels=m.out_channels,
                kernel_size=_pair_or_int(m.kernel_size),
                stride=_pair_or_int(m.stride),
                padding=m.padding if isinstance(m.padding, str) else _pair_or_int(m.padding),
                dilation=_pair_or_int(m.dilation),
                groups=m.groups,
                bias=m.bias is not None,
                padding_mode=m.padding_mode,
            )
            roles = ("weight", "bias") if m.bias is not None else ("weight",)
        elif t is nn.ConvTranspose2d:
            if m.padding_mode != "zeros":
                raise Unsupported("padding_mode=%r" % m.padding_mode)
            op = "conv_transpose2d"
            params = dict(
                in_channels=m.in_channels,
                out_channels=m.out_channels,
                kernel_size=_pair_or_int(m.kernel_size),
                stride=_pair_or_int(m.stride),
                padding=_pair_or_int(m.padding),
                output_padding=_pair_or_int(m.output_padding),
                dilation=_pair_or_int(m.dilation),
                groups=m.groups,
                bias=m.bias is not None,
            )
            roles = ("weight", "bias") if m.bias is not None else ("weight",)
        elif t is nn.BatchNorm2d:
            if not m.track_running_stats or m.running_mean is None:
                raise Unsupported("track_running_stats=False (batch statistics at inference)")
            op = "batch_norm2d"
            params = dict(num_features=m.num_features, eps=float(m.eps), affine=bool(m.affine))
            roles = ("weight", "bias", "running_mean", "running_var") if m.affine else ("running_mean", "running_var")
        elif t in (nn.ReLU, nn.ReLU6, nn.Sigmoid, nn.Tanh, nn.SiLU, nn.Hardswish, nn.Hardsigmoid, nn.Identity):
            op = {
                nn.ReLU: "relu",
                nn.ReLU6: "relu6",
                nn.Sigmoid: "sigmoid",
                nn.Tanh: "tanh",
                nn.SiLU: "silu",
                nn.Hardswish: "hardswish",
                nn.Hardsigmoid: "hardsigmoid",
                nn.Identity: "identity",
            }[t]
        elif t in (nn.Dropout, nn.Dropout2d, nn.AlphaDropout) or t.__name__ in (
            "Dropout1d",
            "Dropout3d",
            "FeatureAlphaDropout",
        ):
            op = "identity"
        elif t is nn.LeakyReLU:
            op, params = "leaky_relu", dict(negative_slope=float(m.negative_slope))
        elif t is nn.PReLU:
            op, params, roles = "prelu", dict(num_parameters=m.num_parameters), ("weight",)
        elif t is nn.GELU:
            op, params = "gelu", dict(approximate=getattr(m, "approximate", "none"))
        elif t is nn.ELU:
            op, params = "elu", dict(alpha=float(m.alpha))
        elif t is nn.Softplus:
            op, params = "softplus", dict(beta=_num(m.beta), threshold=_num(m.threshold))
        elif t is nn.Hardtanh:
            op, params = "hardtanh", dict(min_val=float(m.min_val), max_val=float(m.max_val))
        elif t is nn.MaxPool2d:
            if m.return_indices:
                raise Unsupported("return_indices=True")
            op = "max_pool2d"
            params = dict(
                kernel_size=_pair_or_int(m.kernel_size),
                stride=_pair_or_int(m.stride if m.stride is not None else m.kernel_size),
                padding=_pair_or_int(m.padding),
                dilation=_pair_or_int(m.dilation),
                ceil_mode=bool(m.ceil_mode),
            )
        elif t is nn.AvgPool2d:
            op = "avg_pool2d"
            params = dict(
                kernel_size=_pair_or_int(m.kernel_size),
                stride=_pair_or_int(m.stride if m.stride is not None else m.kernel_size),
                padding=_pair_or_int(m.padding),
                ceil_mode=bool(m.ceil_mode),
                count_include_pad=bool(m.count_include_pad),
                divisor_override=m.divisor_override,
            )
        elif t is nn.AdaptiveAvgPool2d:
            op, params = "adaptive_avg_pool2d", dict(output_size=_pair_or_int(m.output_size))
        elif t is nn.Linear:
            op = "linear"
            params = dict(in_features=m.in_features, out_features=m.out_features, bias=m.bias is not None)
            roles = ("weight", "bias") if m.bias is not None else ("weight",)
        elif t is nn.Flatten:
            op, params = "flatten", dict(start_dim=m.start_dim, end_dim=m.end_dim)
        elif t in (nn.Upsample, nn.UpsamplingNearest2d, nn.UpsamplingBilinear2d):
            op, params = "upsample", self._upsample_params(x, m.size, m.scale_factor, m.mode, m.align_corners)
        elif t is nn.Softmax:
            dim = m.dim if m.dim is not None else (0 if self.rank(x) in (0, 1, 3) else 1)
            op, params = "softmax", dict(dim=self.norm_dim(dim, self.rank(x)))
        else:
            raise Unsupported("no trtgen op for module type %s" % t.__name__)
        # name: state_dict prefix; a module used a second time gets a fresh name + weight overrides
        weights = None
        if node.target not in self.module_uses:
            lname = self.unique(node.target)
            self.module_uses[node.target] = lname
        else:
            lname = self.unique(node.name)
            if roles:
                weights = {r: "%s.%s" % (node.target, r) for r in roles}
        self.add_layer(node, op, [x], params, weights=weights, name=lname)
        self.tensor_name[node.name] = lname

    def _upsample_params(self, x, size, scale, mode, align_corners):
        if mode not in ("nearest", "bilinear"):
            raise Unsupported("interpolation mode %r" % mode)
        if self.rank(x) != 4:
            raise Unsupported("upsample of a rank-%d tensor" % self.rank(x))
        p = {}
        if size is not None:
            size = self.const(size)
            p["size"] = [int(size), int(size)] if not isinstance(size, (list, tuple)) else [int(s) for s in size]
        elif scale is not None:
            scale = self.const(scale)
            if isinstance(scale, (list, tuple)):
                scale = [float(s) for s in scale]
                p["scale_factor"] = scale[0] if scale[0] == scale[1] else scale
            else:
                p["scale_factor"] = float(scale)
        else:
            raise Unsupported("neither size nor scale_factor")
        p["mode"] = mode
        if mode == "bilinear":
            p["align_corners"] = bool(align_corners)
        return p

    # ---- functions and methods ---------------------------------------------------------------

    def _function(self, node):
        torch = self.torch
        F = torch.nn.functional
        fn = node.target
        # getitem: split results, slicing
        if fn is operator.getitem:
            src, idx = node.args
            if hasattr(src, "name") and src.name in self.multi:
                self._set(node, self._getitem_multi(node, src, self.const(idx)))
                return
            if self.is_tensor(src):
                self._set(node, self._slice(node, src, self.const(idx)))
                return
            raise Unsupported("indexing a non-tensor value")
        simple = _UNARY_FUNCS(torch)
        if fn in simple:
            opname, argnames, defaults, pnames = simple[fn]
            args = _bind(node, argnames, defaults)
            self._unary(node, opname, args, pnames)
            return
        if fn in (
            operator.add,
            torch.add,
            operator.sub,
            torch.sub,
            operator.mul,
            torch.mul,
            operator.truediv,
            torch.div,
            getattr(torch, "true_divide", None),
        ):
            op = {
                operator.add: "add",
                torch.add: "add",
                operator.sub: "sub",
                torch.sub: "sub",
                operator.mul: "mul",
                torch.mul: "mul",
                operator.truediv: "div",
            }.get(fn, "div")
            args = _bind(node, ["input", "other", "alpha"], {"alpha": 1})
            if "rounding_mode" in node.kwargs and node.kwargs["rounding_mode"] is not None:
                raise Unsupported("rounding_mode=%r" % node.kwargs["rounding_mode"])
            self._binary(node, op, args["input"], args["other"], self.const(args["alpha"]))
            return
        if fn is operator.neg or fn is torch.neg:
            x = node.args[0]
            self._set(node, self.add_layer(node, "mul", [x], {"other": -1.0}))
            return
        if fn in (torch.cat, getattr(torch, "concat", None), getattr(torch, "concatenate", None)) and fn is not None:
            args = _bind(node, ["tensors", "dim"], {"dim": 0})
            if "axis" in node.kwargs:
                args["dim"] = node.kwargs["axis"]
            tensors = list(args["tensors"])
            if not tensors or not all(self.is_tensor(t) for t in tensors):
                raise Unsupported("non-tensor entries in cat")
            dim = self.norm_dim(self.const(args["dim"]), self.rank(tensors[0]))
            self._set(node, self.add_layer(node, "concat", tensors, {"dim": dim}))
            return
        if fn is torch.flatten:
            args = _bind(node, ["input", "start_dim", "end_dim"], {"start_dim": 0, "end_dim": -1})
            self._flatten(node, args)
            return
        if fn is torch.reshape:
            args = _bind(node, ["input", "shape"], {})
            self._reshape(node, args["input"])
            return
        if fn in (torch.squeeze, torch.unsqueeze):
            self._reshape(node, node.args[0])
            return
        if fn is torch.permute:
            args = _bind(node, ["input", "dims"], {})
            self._permute(node, args["input"], self.const(args["dims"]))
            return
        if fn is torch.transpose:
            args = _bind(node, ["input", "dim0", "dim1"], {})
            self._transpose(node, args["input"], args["dim0"], args["dim1"])
            return
        if fn in (F.softmax, torch.softmax):
            names = ["input", "dim", "_stacklevel", "dtype"] if fn is F.softmax else ["input", "dim", "dtype"]
            args = _bind(node, names, {"dim": None, "_stacklevel": 3, "dtype": None})
            self._softmax(node, args)
            return
        if fn in (torch.mean, torch.sum):
            args = _bind(node, ["input", "dim", "keepdim", "dtype"], {"dim": None, "keepdim": False, "dtype": None})
            self._reduce(node, fn.__name__, args)
            return
        if fn is torch.narrow:
            args = _bind(node, ["input", "dim", "start", "length"], {})
            self._narrow(node, args)
            return
        if fn is F.max_pool2d:
            args = _bind(
                node,
                ["input", "kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices"],
                {"stride": None, "padding": 0, "dilation": 1, "ceil_mode": False, "return_indices": False},
            )
            a = self.const({k: v for k, v in args.items() if k != "input"})
            if a["return_indices"]:
                raise Unsupported("return_indices=True")
            stride = a["stride"] if a["stride"] not in (None, [], ()) else a["kernel_size"]
            self._set(
                node,
                self.add_layer(
                    node,
                    "max_pool2d",
                    [args["input"]],
                    dict(
                        kernel_size=_pair_or_int(a["kernel_size"]),
                        stride=_pair_or_int(stride),
                        padding=_pair_or_int(a["padding"]),
                        dilation=_pair_or_int(a["dilation"]),
                        ceil_mode=bool(a["ceil_mode"]),
                    ),
                ),
            )
            return
        if fn is F.avg_pool2d:
            args = _bind(
                node,
                ["input", "kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"],
                {"stride": None, "padding": 0, "ceil_mode": False, "count_include_pad": True, "divisor_override": None},
            )
            a = self.const({k: v for k, v in args.items() if k != "input"})
            stride = a["stride"] if a["stride"] not in (None, [], ()) else a["kernel_size"]
            self._set(
                node,
                self.add_layer(
                    node,
                    "avg_pool2d",
                    [args["input"]],
                    dict(
                        kernel_size=_pair_or_int(a["kernel_size"]),
                        stride=_pair_or_int(stride),
                        padding=_pair_or_int(a["padding"]),
                        ceil_mode=bool(a["ceil_mode"]),
                        count_include_pad=bool(a["count_include_pad"]),
                        divisor_override=a["divisor_override"],
                    ),
                ),
            )
            return
        if fn is F.adaptive_avg_pool2d:
            args = _bind(node, ["input", "output_size"], {})
            self._set(
                node,
                self.add_layer(
                    node,
                    "adaptive_avg_pool2d",
                    [args["input"]],
                    {"output_size": _pair_or_int(self.const(args["output_size"]))},
                ),
            )
            return
        if fn in (F.interpolate, getattr(F, "upsample", None)):
            args = _bind(
                node,
                ["input", "size", "scale_factor", "mode", "align_corners", "recompute_scale_factor", "antialias"],
                {
                    "size": None,
                    "scale_factor": None,
                    "mode": "nearest",
                    "align_corners": None,
                    "recompute_scale_factor": None,
                    "antialias": False,
                },
            )
            if self.const(args["antialias"]):
                raise Unsupported("antialias=True")
            x = args["input"]
            self._set(
                node,
                self.add_layer(
                    node,
                    "upsample",
                    [x],
                    self._upsample_params(
                        x,
                        args["size"],
                        args["scale_factor"],
                        self.const(args["mode"]),
                        self.const(args["align_corners"]),
                    ),
                ),
            )
            return
        if fn in (getattr(F, "upsample_nearest", None), getattr(F, "upsample_bilinear", None)):
            args = _bind(node, ["input", "size", "scale_factor"], {"size": None, "scale_factor": None})
            bil = fn is F.upsample_bilinear
            x = args["input"]
            self._set(
                node,
                self.add_layer(
                    node,
                    "upsample",
                    [x],
                    self._upsample_params(
                        x, args["size"], args["scale_factor"], "bilinear" if bil else "nearest", True if bil else None
                    ),
                ),
            )
            return
        if fn is F.linear:
            args = _bind(node, ["input", "weight", "bias"], {"bias": None})
            self._weighted_function(node, "linear", args)
            return
        if fn is F.conv2d:
            args = _bind(
                node,
                ["input", "weight", "bias", "stride", "padding", "dilation", "groups"],
                {"bias": None, "stride": 1, "padding": 0, "dilation": 1, "groups": 1},
            )
            self._weighted_function(node, "conv2d", args)
            return
        if fn is F.prelu:
            args = _bind(node, ["input", "weight"], {})
            self._weighted_function(node, "prelu", args)
            return
        if fn in (F.dropout, getattr(F, "dropout2d", None), getattr(F, "alpha_dropout", None)):
            args = _bind(node, ["input", "p", "training", "inplace"], {"p": 0.5, "training": True, "inplace": False})
            if self.const(args["training"]):
                self.warn(
                    "warning: layer %r: dropout traced with training=True; exported as identity (inference)" % node.name
                )
            self._set(node, self.add_layer(node, "identity", [args["input"]]))
            return
        raise Unsupported("no trtgen op for %s" % self.op_label(node))

    def _method(self, node):
        m = node.target
        x = node.args[0]
        if not self.is_tensor(x):
            raise Unsupported("method on a non-tensor")
        rest = list(node.args[1:])
        kw = dict(node.kwargs)
        unary = {
            "relu": "relu",
            "sigmoid": "sigmoid",
            "tanh": "tanh",
            "relu_": "relu",
            "sigmoid_": "sigmoid",
            "tanh_": "tanh",
        }
        if m in unary and not rest and not kw:
            self._set(node, self.add_layer(node, unary[m], [x]))
            return
        if m in ("contiguous", "clone", "detach") or (m == "float" and not rest):
            self._set(node, self.add_layer(node, "identity", [x]))
            return
        if m in ("clamp", "clamp_", "clip"):
            args = _bind_list(rest, kw, ["min", "max"], {"min": None, "max": None})
            self._clamp(node, x, args)
            return
        if m in ("add", "sub", "mul", "div", "add_", "sub_", "mul_", "div_", "true_divide"):
            args = _bind_list(rest, kw, ["other", "alpha"], {"alpha": 1})
            if kw.get("rounding_mode") is not None:
                raise Unsupported("rounding_mode=%r" % kw["rounding_mode"])
            op = {"true_divide": "div"}.get(m, m.rstrip("_"))
            self._binary(node, op, x, args["other"], self.const(args["alpha"]))
            return
        if m == "neg":
            self._set(node, self.add_layer(node, "mul", [x], {"other": -1.0}))
            return
        if m in ("view", "reshape", "squeeze", "unsqueeze", "view_as", "reshape_as"):
            self._reshape(node, x)
            return
        if m == "flatten":
            args = _bind_list(rest, kw, ["start_dim", "end_dim"], {"start_dim": 0, "end_dim": -1})
            args["input"] = x
            self._flatten(node, args)
            return
        if m == "permute":
            dims = rest[0] if len(rest) == 1 and isinstance(self.const(rest[0]), (list, tuple)) else rest
            if "dims" in kw:
                dims = kw["dims"]
            self._permute(node, x, self.const(dims))
            return
        if m == "transpose":
            args = _bind_list(rest, kw, ["dim0", "dim1"], {})
            self._transpose(node, x, args["dim0"], args["dim1"])
            return
        if m == "softmax":
            args = _bind_list(rest, kw, ["dim", "dtype"], {"dim": None, "dtype": None})
            args["input"] = x
            self._softmax(node, args)
            return
        if m in ("mean", "sum"):
            args = _bind_list(rest, kw, ["dim", "keepdim", "dtype"], {"dim": None, "keepdim": False, "dtype": None})
            args["input"] = x
            self._reduce(node, m, args)
            return
        if m == "narrow":
            args = _bind_list(rest, kw, ["dim", "start", "length"], {})
            args["input"] = x
            self._narrow(node, args)
            return
        raise Unsupported("no trtgen op for Tensor.%s" % m)

    # ---- op helpers --------------------------------------------------------------------------

    def _set(self, node, lname):
        self.tensor_name[node.name] = lname

    def _unary(self, node, opname, args, pnames):
        x = args["input"]
        if not self.is_tensor(x):
            raise Unsupported("non-tensor input")
        if opname == "clamp":
            self._clamp(node, x, args)
            return
        params = {}
        for p in pnames:
            v = self.const(args[p])
            params[p] = _num(v) if not isinstance(v, str) else v
        if opname in ("leaky_relu", "elu", "hardtanh"):
            params = {k: float(v) for k, v in params.items()}
        self._set(node, self.add_layer(node, opname, [x], params))

    def _clamp(self, node, x, args):
        params = {}
        for k in ("min", "max"):
            v = args.get(k)
            if v is None:
                continue
            if self.is_tensor(v):
                raise Unsupported("tensor %s bound" % k)
            v = self.const(v)
            if v is not None:
                params[k] = _num(v)
        if not params:
            raise Unsupported("clamp without bounds")
        self._set(node, self.add_layer(node, "clamp", [x], params))

    def _binary(self, node, op, a, b, alpha):
        ta, tb = self.is_tensor(a), self.is_tensor(b)
        alpha = _num(alpha) if alpha is not None else 1
        if alpha != 1 and op != "sub":
            raise Unsupported("%s with alpha=%r" % (op, alpha))
        if ta and tb:
            params = {"alpha": alpha} if op == "sub" else {}
            self._set(node, self.add_layer(node, op, [a, b], params))
            return
        if ta:
            other = _num(self.const(b))
            if op == "sub" and alpha != 1:
                other = other * alpha
            self._set(node, self.add_layer(node, op, [a], {"other": other}))
            return
        if tb:
            other = _num(self.const(a))
            if op in ("add", "mul"):
                self._set(node, self.add_layer(node, op, [b], {"other": other}))
                return
            if op == "sub":  # c - alpha*x  ==  (x * -alpha) + c
                neg = self.add_layer(node, "mul", [b], {"other": -float(alpha)}, name=self.unique(node.name + "_neg"))
                self._set(node, self.add_layer(node, "add", [neg], {"other": other}))
                return
            raise Unsupported("scalar divided by a tensor")
        raise Unsupported("no tensor operand")

    def _flatten(self, node, args):
        x = args["input"]
        r = self.rank(x)
        s, e = int(self.const(args["start_dim"])), int(self.const(args["end_dim"]))
        s = self.norm_dim(s, r) if r else 0
        e = self.norm_dim(e, r) if r else 0
        self._set(node, self.add_layer(node, "flatten", [x], {"start_dim": s, "end_dim": -1 if e == r - 1 else e}))

    def _reshape(self, node, x):
        out = list(self.values[node.name].shape)
        self._set(node, self.add_layer(node, "reshape", [x], {"shape": out}))

    def _permute(self, node, x, dims):
        r = self.rank(x)
        if isinstance(dims, int):
            dims = [dims]
        dims = [self.norm_dim(d, r) for d in dims]
        self._set(node, self.add_layer(node, "permute", [x], {"dims": dims}))

    def _transpose(self, node, x, d0, d1):
        r = self.rank(x)
        d0, d1 = self.norm_dim(self.const(d0), r), self.norm_dim(self.const(d1), r)
        dims = list(range(r))
        dims[d0], dims[d1] = dims[d1], dims[d0]
        self._set(node, self.add_layer(node, "permute", [x], {"dims": dims}))

    def _softmax(self, node, args):
        x = args["input"]
        if self.const(args.get("dtype")) is not None:
            raise Unsupported("softmax with dtype")
        dim = self.const(args["dim"])
        r = self.rank(x)
        if dim is None:
            dim = 0 if r in (0, 1, 3) else 1
        self._set(node, self.add_layer(node, "softmax", [x], {"dim": self.norm_dim(dim, r)}))

    def _reduce(self, node, op, args):
        x = args["input"]
        if self.const(args.get("dtype")) is not None:
            raise Unsupported("%s with dtype" % op)
        r = self.rank(x)
        dim = self.const(args["dim"])
        if dim is None or (isinstance(dim, (list, tuple)) and len(dim) == 0):
            dim = list(range(r))
        if isinstance(dim, (list, tuple)):
            dim = [self.norm_dim(d, r) for d in dim]
            dim = dim[0] if len(dim) == 1 else dim
        else:
            dim = self.norm_dim(dim, r)
        self._set(node, self.add_layer(node, op, [x], {"dim": dim, "keepdim": bool(self.const(args["keepdim"]))}))

    def _narrow(self, node, args):
        x = args["input"]
        r = self.rank(x)
        dim = self.norm_dim(self.const(args["dim"]), r)
        size = self.shape(x)[dim]
        start = int(_num(self.const(args["start"])))
        if start < 0:
            start += size
        end = start + int(self.const(args["length"]))
        self._set(
            node,
            self.add_layer(
                node, "slice", [x], {"dim": dim, "start": start, "end": None if end == size else end, "step": 1}
            ),
        )

    def _slice(self, node, x, idx):
        if not isinstance(idx, tuple):
            idx = (idx,)
        shape = self.shape(x)
        r = len(shape)
        if any(i is Ellipsis for i in idx):
            k = idx.index(Ellipsis)
            fill = r - (len(idx) - 1)
            idx = idx[:k] + (slice(None),) * fill + idx[k + 1 :]
        if len(idx) > r:
            raise Unsupported("index %r has more entries than rank %d" % (idx, r))
        steps = []
        for d, s in enumerate(idx):
            if not isinstance(s, slice):
                raise Unsupported("indexing with %r (only slices are covered)" % (s,))
            start, stop, step = s.indices(shape[d])
            if step <= 0:
                raise Unsupported("non-positive slice step")
            if (start, stop, step) == (0, shape[d], 1):
                continue
            steps.append((d, start, stop, step))
        if not steps:
            return self.add_layer(node, "identity", [x])
        cur = x
        for k, (d, start, stop, step) in enumerate(steps):
            last = k == len(steps) - 1
            lname = self.unique(node.name if last else "%s_dim%d" % (node.name, d))
            end = None if stop >= shape[d] else stop
            cur = self.add_layer(node, "slice", [cur], {"dim": d, "start": start, "end": end, "step": step}, name=lname)
        return cur

    def _weighted_function(self, node, op, args):
        """F.linear / F.conv2d / F.prelu whose weights are parameters of the model (get_attr)."""
        w, b = args["weight"], args.get("bias")
        if not (hasattr(w, "op") and w.op == "get_attr") or (
            b is not None and not (hasattr(b, "op") and b.op == "get_attr")
        ):
            raise Unsupported("weights are computed tensors, not parameters")
        x = args["input"]
        ws = list(self.values[w.name].shape)
        weights = {"weight": w.target}
        if b is not None:
            weights["bias"] = b.target
        if op == "linear":
            params = {"in_features": ws[1], "out_features": ws[0], "bias": b is not None}
        elif op == "prelu":
            params = {"num_parameters": ws[0] if ws else 1}
        else:
            a = self.const({k: args[k] for k in ("stride", "padding", "dilation", "groups")})
            if len(ws) != 4:
                raise Unsupported("conv weight of rank %d" % len(ws))
            params = {
                "in_channels": ws[1] * int(a["groups"]),
                "out_channels": ws[0],
                "kernel_size": _pair_or_int(ws[2:]),
                "stride": _pair_or_int(a["stride"]),
                "padding": a["padding"] if isinstance(a["padding"], str) else _pair_or_int(a["padding"]),
                "dilation": _pair_or_int(a["dilation"]),
                "groups": int(a["groups"]),
                "bias": b is not None,
            }
        self._set(node, self.add_layer(node, op, [x], params, weights=weights))

    # ---- output -----------------------------------------------------------------------------

    def render(self):
        header = ["Code drafted by trtgen-export from %s. Review before use." % self.factory_label]
        if self.custom_count:
            header.append("%d custom layer(s) need a TRT implementation: search for TODO." % self.custom_count)
        return dump_spec(header, self.name, self.inputs, self.layers, self.outputs)

    def node_to_tensor(self):
        """fx node name -> spec tensor name (inputs and layers)."""
        return dict(self.tensor_name)


def _same(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or (isinstance(a, bool) and isinstance(b, bool) and a == b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=0) or float(a) == float(b)
    return a == b


def _bind(node, names, defaults):
    """Bind an fx call's args/kwargs to parameter names (positional order given by ``names``)."""
    out = dict(defaults)
    for n, a in zip(names, node.args):
        out[n] = a
    if len(node.args) > len(names):
        raise Unsupported("unexpected extra arguments")
    for k, v in node.kwargs.items():
        out[k] = v
    for n in names:
        if n not in out:
            raise Unsupported("missing argument %s" % n)
    return out


def _bind_list(args, kwargs, names, defaults):
    out = dict(defaults)
    for n, a in zip(names, args):
        out[n] = a
    out.update(kwargs)
    for n in names:
        if n not in out:
            raise Unsupported("missing argument %s" % n)
    return out


_UNARY_CACHE = {}


def _UNARY_FUNCS(torch):
    """function -> (trtgen op, arg names, defaults, params to write)."""
    if _UNARY_CACHE:
        return _UNARY_CACHE
    F = torch.nn.functional
    table = [
        (
            (F.relu, torch.relu, getattr(F, "relu_", None), getattr(torch, "relu_", None)),
            "relu",
            ["input", "inplace"],
            {"inplace": False},
            [],
        ),
        ((F.relu6,), "relu6", ["input", "inplace"], {"inplace": False}, []),
        ((torch.sigmoid, F.sigmoid), "sigmoid", ["input"], {}, []),
        ((torch.tanh, F.tanh), "tanh", ["input"], {}, []),
        ((F.silu,), "silu", ["input", "inplace"], {"inplace": False}, []),
        ((F.hardswish,), "hardswish", ["input", "inplace"], {"inplace": False}, []),
        ((F.hardsigmoid,), "hardsigmoid", ["input", "inplace"], {"inplace": False}, []),
        (
            (F.leaky_relu,),
            "leaky_relu",
            ["input", "negative_slope", "inplace"],
            {"negative_slope": 0.01, "inplace": False},
            ["negative_slope"],
        ),
        ((F.gelu,), "gelu", ["input", "approximate"], {"approximate": "none"}, ["approximate"]),
        ((F.elu,), "elu", ["input", "alpha", "inplace"], {"alpha": 1.0, "inplace": False}, ["alpha"]),
        (
            (F.softplus,),
            "softplus",
            ["input", "beta", "threshold"],
            {"beta": 1, "threshold": 20},
            ["beta", "threshold"],
        ),
        (
            (F.hardtanh,),
            "hardtanh",
            ["input", "min_val", "max_val", "inplace"],
            {"min_val": -1.0, "max_val": 1.0, "inplace": False},
            ["min_val", "max_val"],
        ),
        ((torch.clamp, torch.clip), "clamp", ["input", "min", "max"], {"min": None, "max": None}, []),
        ((getattr(torch.nn.functional, "identity", None),), "identity", ["input"], {}, []),
    ]
    for fns, op, names, defaults, pnames in table:
        for f in fns:
            if f is not None:
                _UNARY_CACHE[f] = (op, names, defaults, pnames)
    return _UNARY_CACHE


def default_spec_name(factory_spec):
    base = factory_spec.split(":")[-1].split(".")[-1]
    base = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", base).lower()
    base = re.sub(r"[^a-z0-9_]", "_", base).strip("_") or "net"
    if base[0].isdigit():
        base = "net_" + base
    return base
