"""Map a traced torch.fx graph to a draft trtgen YAML spec.

Layer names: leaf modules keep their qualified name (== state_dict prefix);
functions and methods use the fx node name. Shape queries never reach the graph
(the tracer specialises them to the declared input shape, see ``trace.py``);
other non-tensor values are folded to Python constants. Inference-time no-ops
(dropout, stochastic depth, identity, contiguous) write no layer: their
consumers read the producer (``alias``). What is computed from parameters,
buffers and constants alone is not drafted as layers either: where the network
uses it, it becomes one ``constant`` layer (``_const_layer``; the naming of its
tensor in the ``.wts`` is documented in python/README.md). Everything else that
the trtgen format does not cover becomes an ``op: custom`` layer with a TODO
snippet, a YAML comment naming the PyTorch op, and a warning naming the call and
its source line. Op names, parameter defaults and weight roles come from
ops.json (``registry``).
"""

import operator

from .. import registry
from ..loading import torch_module
from ..yamlout import dump_spec
from . import functions, methods, modules
from .common import Unsupported, bind, same

HANDLERS = {"call_module": modules.draft, "call_function": functions.draft, "call_method": methods.draft}

#: the op a tensor computed at draft time becomes, and its weight role (tensor ``<layer>.value``)
CONSTANT_OP, CONSTANT_ROLE = "constant", "value"

#: methods whose result depends on the tensor's shape and dtype only, not on its values
SHAPE_ONLY_METHODS = frozenset(("new_zeros", "new_ones", "new_full", "new_empty"))
SHAPE_ONLY_FUNCTIONS = ("zeros_like", "ones_like", "full_like", "empty_like")


class SpecBuilder:
    """Walks a traced fx graph; each call node goes to the handler for its kind (draft/modules.py,
    draft/functions.py, draft/methods.py), which appends layers through add_layer."""

    def __init__(self, gm, values, factory_label, name, warn=None, state_names=None):
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
        self.multi = {}  # fx node name -> ("piece", input, "split"/"chunk", params) or ("first", layer, what)
        self.used_names = set()
        self.module_uses = {}  # module qualname -> layer name of first use
        self.custom_count = 0
        self.outputs = []
        self.output_nodes = []
        # fx node names whose value depends on the network inputs; the others are folded
        self.dynamic = set()
        # state_dict names (parameters, persistent buffers): a constant layer reads these from the .wts
        self.state_names = set(state_names) if state_names is not None else None
        self.constants = {}  # .wts tensor name -> tensor computed at draft time (``constant`` layers, weights)
        self.changed = set()  # fx node names of parameters/buffers changed in place: their .wts values are stale

    # ---- helpers -----------------------------------------------------------------------------

    def is_tensor(self, a):
        import torch.fx as fx

        return isinstance(a, fx.Node) and isinstance(self.values.get(a.name), self.torch.Tensor)

    def shape(self, a):
        return list(self.values[a.name].shape)

    def rank(self, a):
        return len(self.values[a.name].shape)

    def tname(self, a):
        """Spec tensor name for a tensor-valued node (a folded tensor gets its constant layer here)."""
        if a.name not in self.tensor_name:
            if self.is_folded(a):
                self._const_layer(a)
            else:
                raise Unsupported("input %s has no spec tensor" % a.name)
        return self.tensor_name[a.name]

    def is_folded(self, a):
        """A tensor computed from parameters, buffers and constants alone (computed at draft time)."""
        return self.is_tensor(a) and a.op != "placeholder" and a.name not in self.dynamic

    def alias(self, node, x):
        """``node`` computes ``x`` unchanged at inference: no layer; its consumers read ``x``."""
        self.tensor_name[node.name] = self.tname(x)

    def source(self, node):
        """The model source line that made ``node`` ('file:line'), as the tracer recorded it."""
        return node.meta.get("trtgen_source") or "an unknown source line"

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

    def add_layer(self, node, op, inputs, params=None, weights=None, name=None, comments=(), keep=()):
        layer_name = name if name is not None else self.unique(node.name)
        layer = {"name": layer_name, "op": op}
        ins = [self.tname(i) if not isinstance(i, str) else i for i in inputs]
        if len(ins) > 1 or registry.op(op)["arity"]["max"] is None:
            layer["inputs"] = ins
        elif ins:
            layer["input"] = ins[0]
        defaults = registry.defaults(op)
        for k, v in (params or {}).items():
            if k in defaults and k not in keep and same(defaults[k], v):
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
            elif node.op == "call_function" and node.target is operator.setitem:
                self._setitem(node)
            elif self._depends_on_inputs(node):
                self.dynamic.add(node.name)
                self._compute(node)
            elif "trtgen_updates" in node.meta:
                self._in_place(node)
            # else: computed from parameters/constants alone, materialised where a layer uses it
        return self

    def _in_place(self, node):
        """A folded in-place call (``bias[a:b].zero_()``): the tensors that share its memory have
        new values (recorded by the tracer); their readers from now on get constants of those."""
        for name, v in node.meta["trtgen_updates"].items():
            if name not in self.dynamic:
                self.values[name] = v
                self.tensor_name.pop(name, None)
                self.changed.add(name)

    def _setitem(self, node):
        """``t[i] = v``: into a folded tensor, later readers get its new value (recorded by the tracer);
        into a tensor computed from the inputs, the draft cannot follow: a warning."""
        target = node.args[0]
        if self._depends_on_inputs(node):
            self.warn(
                "warning: %s at %s assigns into a tensor computed from the input; the draft does not "
                "follow in-place changes: write it without assignment (e.g. torch.cat, torch.where)"
                % (self.op_label(node), self.source(node))
            )
        elif self.is_folded(target):
            self.values[target.name] = self.values[node.name]
            self.tensor_name.pop(target.name, None)  # a reader from now on gets a constant of the new value

    def _depends_on_inputs(self, node):
        if node.op == "call_method" and node.target in SHAPE_ONLY_METHODS:
            args = node.args[1:]
        elif node.op == "call_function" and getattr(node.target, "__name__", None) in SHAPE_ONLY_FUNCTIONS:
            args = node.args[1:]
        else:
            args = node.args
        import torch.fx as fx

        found = []
        fx.node.map_arg((args, node.kwargs), lambda n: found.append(n))
        return any(n.name in self.dynamic for n in found)

    def _placeholder(self, node):
        v = self.values.get(node.name)
        if not isinstance(v, self.torch.Tensor):
            return
        self.used_names.add(node.name)
        self.tensor_name[node.name] = node.name
        self.dynamic.add(node.name)
        self.inputs.append({"name": node.name, "shape": list(v.shape), "dtype": "float32"})

    def _output(self, node):
        for a in _nodes_in(node.args[0]):
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
        if not v.is_floating_point() and not self._float_indices(node):
            self._custom(node, "produces a %s tensor (trtgen layers are float)" % str(v.dtype).replace("torch.", ""))
            return
        try:
            if node.op in HANDLERS:
                HANDLERS[node.op](self, node)
            else:
                raise Unsupported("fx op %s" % node.op)
        except Unsupported as e:
            self._custom(node, str(e))

    def _float_indices(self, node):
        """Whether the node is an argmax: int64 indices in PyTorch, float values in trtgen."""
        if node.op == "call_function":
            return registry.by_pytorch("functions").get(node.target) == "argmax"
        return node.op == "call_method" and registry.by_pytorch("methods").get(node.target) == "argmax"

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
        nodes = dict.fromkeys(_nodes_in((node.args, node.kwargs)))  # first occurrence order
        return [a for a in nodes if self.is_tensor(a)]

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
            "warning: layer %r: %s at %s is not covered by trtgen (%s); wrote a custom layer with a TODO snippet"
            % (lname, label, self.source(node), reason)
        )
        return lname

    def _const_layer(self, node):
        """A folded tensor where a layer uses it: a ``constant`` layer reading a parameter or buffer
        from the .wts by its state_dict name, or a tensor computed now, stored as ``<layer>.value``."""
        v = self.values[node.name]
        if CONSTANT_OP not in registry.ops() or not v.is_floating_point():
            why = (
                "a %s tensor; trtgen constants are float" % str(v.dtype).replace("torch.", "")
                if CONSTANT_OP in registry.ops()
                else "this trtgen has no %s op" % CONSTANT_OP
            )
            self._custom_constant(node, v, why)
            return
        lname = self.weights_layer_name(node, (CONSTANT_ROLE,))
        tensor = self.weight_tensor(node, lname, CONSTANT_ROLE)
        weights = None  # computed: the layer's own tensor <layer>.value
        if tensor == node.target:
            weights = {CONSTANT_ROLE: tensor}
            comment = "parameter/buffer %s used as data" % node.target
        else:
            comment = "computed at draft time from parameters/constants (%s)" % self.source(node)
        shape = list(v.shape) or [1]  # a 0-d tensor: one value, broadcast alike
        self.add_layer(node, CONSTANT_OP, [], {"shape": shape}, weights=weights, name=lname, comments=[comment])
        self.tensor_name[node.name] = lname

    def weights_layer_name(self, node, roles):
        """A new layer name for ``node`` whose weight tensors ``<name>.<role>`` are no state_dict names."""
        lname = self.unique(node.name)
        while self.state_names and any("%s.%s" % (lname, r) in self.state_names for r in roles):
            lname = self.unique(node.name + "_computed")
        return lname

    def state_tensor(self, a):
        """The state_dict name of a parameter or buffer read as it is; None for a computed tensor."""
        if a.op == "get_attr" and a.name not in self.changed:
            if self.state_names is None or a.target in self.state_names:
                return a.target
        return None

    def weight_tensor(self, a, lname, role):
        """The .wts name of the tensor that weight ``role`` of layer ``lname`` reads: a parameter or
        buffer by its state_dict name, or a float tensor computed from them at draft time (swin v2's
        qkv bias with a zeroed part), added to the .wts as ``<lname>.<role>``."""
        name = self.state_tensor(a)
        if name is None:
            name = "%s.%s" % (lname, role)
            self.constants[name] = self.values[a.name].detach().to(self.torch.float32).contiguous()
        return name

    def _custom_constant(self, node, v, why):
        lname = self.unique(node.name)
        anchor = [self.inputs[0]["name"]] if self.inputs else []
        what = "weights '%s' in the .wts" % node.target if node.op == "get_attr" else "computed from parameters"
        comments = ["TODO constant tensor %s %s used as data (%s; %s)" % (node.name, list(v.shape), what, why)]
        if anchor:
            comments.append("input %s is only a placeholder: custom layers need at least one input" % anchor[0])
        params = {"output_shape": list(v.shape), "snippet": "// TODO: constant tensor %s (%s)" % (node.name, what)}
        self.add_layer(node, "custom", anchor, params, name=lname, comments=comments)
        self.tensor_name[node.name] = lname
        self.custom_count += 1
        self.warn(
            "warning: layer %r: tensor %s at %s is used as data (%s); wrote a custom layer with a TODO snippet"
            % (lname, node.name, self.source(node), why)
        )

    # ---- multi-output ops (split / chunk) ------------------------------------------------------

    def _multi_output(self, node):
        """split / chunk: each piece used (``pieces[i]``) becomes a layer of op split / chunk with
        its ``index``; a spec layer has one output, so no layer stands for the tuple itself."""
        fn = node.target
        torch = self.torch
        key = None
        if node.op == "call_function" and fn in (torch.split, torch.chunk):
            key = fn.__name__
        elif node.op == "call_method" and node.target in ("split", "chunk"):
            key = node.target
        v = self.values[node.name]
        if key is not None:
            first = "split_size_or_sections" if key == "split" else "chunks"
            args = bind(node, ["input", first, "dim"], {"dim": 0})
            x = args["input"]
            if self.is_tensor(x):
                cut = self.const(args[first])
                params = {first: [int(c) for c in cut] if isinstance(cut, (list, tuple)) else int(cut)}
                params["dim"] = self.norm_dim(self.const(args["dim"]), self.rank(x))
                self.multi[node.name] = ("piece", x, key, params)
                return
        if node.op == "call_module":  # nn.MultiheadAttention: a layer for the first tensor
            try:
                self.multi[node.name] = ("first", modules.draft_multi(self, node), self.op_label(node))
                return
            except Unsupported as e:
                reason = str(e)
        else:
            reason = "returns %d tensors" % len(v)
        lname = self._custom(node, reason)
        self.multi[node.name] = ("first", lname, "custom layer %s" % lname)

    def _getitem_multi(self, node, src, idx):
        info = self.multi[src.name]
        if info[0] == "piece":
            _, x, op, params = info
            return self.add_layer(node, op, [x], {**params, "index": int(idx)}, keep=("dim",))
        if idx == 0:
            self.tensor_name[node.name] = info[1]
            return info[1]
        raise Unsupported("output %d of %s (only its first output is drafted)" % (idx, info[2]))

    # ---- output -----------------------------------------------------------------------------

    def render(self):
        header = ["Code drafted by trtgen-export from %s. Review before use." % self.factory_label]
        if self.custom_count:
            header.append("%d custom layer(s) need a TRT implementation: search for TODO." % self.custom_count)
        return dump_spec(header, self.name, self.inputs, self.layers, self.outputs)

    def node_to_tensor(self):
        """fx node name -> spec tensor name (inputs and layers)."""
        return dict(self.tensor_name)


def _nodes_in(a):
    """The torch.fx nodes in an argument structure (lists, tuples, dicts), depth first."""
    import torch.fx as fx

    if isinstance(a, fx.Node):
        yield a
    elif isinstance(a, (list, tuple)):
        for x in a:
            yield from _nodes_in(x)
    elif isinstance(a, dict):
        for x in a.values():
            yield from _nodes_in(x)
