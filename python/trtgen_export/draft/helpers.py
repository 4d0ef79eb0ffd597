"""Layer writers shared by the function and method handlers (several PyTorch spellings of one op)."""

from .common import Unsupported, num, pair_or_int


def upsample_params(sb, x, size, scale, mode, align_corners):
    if mode not in ("nearest", "bilinear"):
        raise Unsupported("interpolation mode %r" % mode)
    if sb.rank(x) != 4:
        raise Unsupported("upsample of a rank-%d tensor" % sb.rank(x))
    p = {}
    if size is not None:
        size = sb.const(size)
        p["size"] = [int(size), int(size)] if not isinstance(size, (list, tuple)) else [int(s) for s in size]
    elif scale is not None:
        scale = sb.const(scale)
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


def set_tensor(sb, node, lname):
    sb.tensor_name[node.name] = lname


def clamp(sb, node, x, args):
    params = {}
    for k in ("min", "max"):
        v = args.get(k)
        if v is None:
            continue
        if sb.is_tensor(v):
            raise Unsupported("tensor %s bound" % k)
        v = sb.const(v)
        if v is not None:
            params[k] = num(v)
    if not params:
        raise Unsupported("clamp without bounds")
    set_tensor(sb, node, sb.add_layer(node, "clamp", [x], params))


def binary(sb, node, op, a, b, alpha):
    ta, tb = sb.is_tensor(a), sb.is_tensor(b)
    alpha = num(alpha) if alpha is not None else 1
    if alpha != 1 and op != "sub":
        raise Unsupported("%s with alpha=%r" % (op, alpha))
    if ta and tb:
        params = {"alpha": alpha} if op == "sub" else {}
        set_tensor(sb, node, sb.add_layer(node, op, [a, b], params))
        return
    if ta:
        other = num(sb.const(b))
        if op == "sub" and alpha != 1:
            other = other * alpha
        set_tensor(sb, node, sb.add_layer(node, op, [a], {"other": other}))
        return
    if tb:
        other = num(sb.const(a))
        if op in ("add", "mul", "maximum", "minimum"):
            set_tensor(sb, node, sb.add_layer(node, op, [b], {"other": other}))
            return
        if op == "sub":  # c - alpha*x  ==  (x * -alpha) + c
            neg = sb.add_layer(node, "mul", [b], {"other": -float(alpha)}, name=sb.unique(node.name + "_neg"))
            set_tensor(sb, node, sb.add_layer(node, "add", [neg], {"other": other}))
            return
        raise Unsupported("scalar divided by a tensor")
    raise Unsupported("no tensor operand")


def flatten(sb, node, args):
    x = args["input"]
    r = sb.rank(x)
    s, e = int(sb.const(args["start_dim"])), int(sb.const(args["end_dim"]))
    s = sb.norm_dim(s, r) if r else 0
    e = sb.norm_dim(e, r) if r else 0
    set_tensor(sb, node, sb.add_layer(node, "flatten", [x], {"start_dim": s, "end_dim": -1 if e == r - 1 else e}))


def reshape(sb, node, x):
    out = list(sb.values[node.name].shape)
    set_tensor(sb, node, sb.add_layer(node, "reshape", [x], {"shape": out}))


def permute(sb, node, x, dims):
    r = sb.rank(x)
    if isinstance(dims, int):
        dims = [dims]
    dims = [sb.norm_dim(d, r) for d in dims]
    set_tensor(sb, node, sb.add_layer(node, "permute", [x], {"dims": dims}))


def softmax(sb, node, args):
    x = args["input"]
    if sb.const(args.get("dtype")) is not None:
        raise Unsupported("softmax with dtype")
    dim = sb.const(args["dim"])
    r = sb.rank(x)
    if dim is None:
        dim = 0 if r in (0, 1, 3) else 1
    set_tensor(sb, node, sb.add_layer(node, "softmax", [x], {"dim": sb.norm_dim(dim, r)}))


def reduce(sb, node, op, args):
    x = args["input"]
    if sb.const(args.get("dtype")) is not None:
        raise Unsupported("%s with dtype" % op)
    r = sb.rank(x)
    dim = sb.const(args["dim"])
    if dim is None or (isinstance(dim, (list, tuple)) and len(dim) == 0):
        dim = list(range(r))
    if isinstance(dim, (list, tuple)):
        dim = [sb.norm_dim(d, r) for d in dim]
        dim = dim[0] if len(dim) == 1 else dim
    else:
        dim = sb.norm_dim(dim, r)
    set_tensor(sb, node, sb.add_layer(node, op, [x], {"dim": dim, "keepdim": bool(sb.const(args["keepdim"]))}))


def narrow(sb, node, args):
    x = args["input"]
    r = sb.rank(x)
    dim = sb.norm_dim(sb.const(args["dim"]), r)
    size = sb.shape(x)[dim]
    start = int(num(sb.const(args["start"])))
    if start < 0:
        start += size
    end = start + int(sb.const(args["length"]))
    set_tensor(
        sb,
        node,
        sb.add_layer(node, "slice", [x], {"dim": dim, "start": start, "end": None if end == size else end, "step": 1}),
    )


def index_slice(sb, node, x, idx):
    """``x[...]`` with slices, integers, ``None`` and ``...``: one slice layer per sliced dimension
    and one select layer per integer index, then one reshape where ``None`` adds dimensions.
    Returns the tensor name (``x`` itself for a no-op index)."""
    if not isinstance(idx, tuple):
        idx = (idx,)
    shape = sb.shape(x)
    r = len(shape)
    consuming = [i for i in idx if i is not None and i is not Ellipsis]
    if any(i is Ellipsis for i in idx):
        k = idx.index(Ellipsis)
        idx = idx[:k] + (slice(None),) * (r - len(consuming)) + idx[k + 1 :]
    if len(consuming) > r:
        raise Unsupported("index %r has more entries than rank %d" % (idx, r))
    steps, d, reshaped = [], 0, False
    for s in idx:
        if s is None:
            reshaped = True
            continue
        if isinstance(s, bool) or not isinstance(s, (slice, int)):
            raise Unsupported("indexing with %r (slices, integers, None and ... are covered)" % (s,))
        if isinstance(s, int):
            if not -shape[d] <= s < shape[d]:
                raise Unsupported("index %d out of range for dimension %d of size %d" % (s, d, shape[d]))
            if r == 1 and not reshaped:
                raise Unsupported("an integer index of a rank-1 tensor (a 0-d result)")
            steps.append((d, "select", {"dim": d, "index": s + shape[d] if s < 0 else s}))
            d += 1
            continue
        start, stop, step = s.indices(shape[d])
        if step <= 0:
            raise Unsupported("non-positive slice step")
        if (start, stop, step) != (0, shape[d], 1):
            end = None if stop >= shape[d] else stop
            steps.append((d, "slice", {"dim": d, "start": start, "end": end, "step": step}))
        d += 1
    cur = sb.tname(x)
    removed = 0  # dimensions the selects so far took away
    for k, (d, op, params) in enumerate(steps):
        last = k == len(steps) - 1 and not reshaped
        lname = sb.unique(node.name if last else "%s_dim%d" % (node.name, d))
        cur = sb.add_layer(node, op, [cur], {**params, "dim": d - removed}, name=lname)
        removed += op == "select"
    if reshaped:
        cur = sb.add_layer(node, "reshape", [cur], {"shape": list(sb.values[node.name].shape)})
    return cur


def parameter_weights(sb, args, roles):
    """{role: fx node} for the weight arguments of a function call that are given (not None):
    parameters and buffers of the model, or float tensors computed from them alone (written by
    ``add_weighted``); Unsupported where one is computed from the network's input."""
    out = {}
    for role in roles:
        v = args.get(role)
        if v is None:
            continue
        if not sb.is_folded(v):
            raise Unsupported("%s computed from the network's input (trtgen weights are constants)" % role)
        if not sb.values[v.name].is_floating_point():
            raise Unsupported("%s of dtype %s (trtgen weights are float)" % (role, sb.values[v.name].dtype))
        out[role] = v
    return out


def add_weighted(sb, node, op, inputs, params, weights):
    """add_layer for a layer with the weights of ``parameter_weights``: parameters by their
    state_dict names, computed tensors added to the .wts as ``<layer>.<role>``."""
    lname = sb.weights_layer_name(node, [role for role, a in weights.items() if sb.state_tensor(a) is None])
    tensors = {role: sb.weight_tensor(a, lname, role) for role, a in weights.items()}
    return sb.add_layer(node, op, inputs, params, weights=tensors or None, name=lname)


def expand(sb, node, x):
    """expand / expand_as / broadcast_to: the traced output shape is the size (no -1 left)."""
    set_tensor(sb, node, sb.add_layer(node, "expand", [x], {"size": list(sb.values[node.name].shape)}))


def pad(sb, node, x, pad, mode, value):
    """F.pad and the padding modules; PyTorch's value None is 0."""
    if mode not in ("constant", "reflect", "replicate", "circular"):
        raise Unsupported("padding mode %r" % (mode,))
    params = {"pad": [int(v) for v in pad], "mode": mode}
    if value is not None:
        params["value"] = num(value)
    set_tensor(sb, node, sb.add_layer(node, "pad", [x], params))


def gather(sb, node, x, dim, index):
    """index_select / ``x[buffer]``: the indices must be a 1-D integer buffer of the model, which
    goes into the .wts (``trtgen-export weights --keep-int``) as the layer's weight ``index``."""
    if getattr(index, "op", None) != "get_attr":
        raise Unsupported("indices computed in the graph (trtgen gathers by a constant buffer)")
    v = sb.values[index.name]
    if v.is_floating_point() or v.dim() != 1 or v.numel() == 0:
        raise Unsupported("indices that are not a non-empty 1-D integer buffer")
    if int(v.min()) < 0:
        raise Unsupported("negative indices in buffer %s" % index.target)
    d = sb.norm_dim(sb.const(dim), sb.rank(x))
    params = {"dim": d, "num_indices": int(v.numel())}
    set_tensor(sb, node, sb.add_layer(node, "gather", [x], params, weights={"index": index.target}))


def weighted_function(sb, node, op, args):
    """F.linear / F.conv2d / F.prelu whose weights are parameters of the model (get_attr)."""
    w, b = args["weight"], args.get("bias")
    weights = parameter_weights(sb, args, ("weight", "bias"))
    x = args["input"]
    ws = list(sb.values[w.name].shape)
    if op == "linear":
        params = {"in_features": ws[1], "out_features": ws[0], "bias": b is not None}
    elif op == "prelu":
        params = {"num_parameters": ws[0] if ws else 1}
    else:
        a = sb.const({k: args[k] for k in ("stride", "padding", "dilation", "groups")})
        if len(ws) != 4:
            raise Unsupported("conv weight of rank %d" % len(ws))
        params = {
            "in_channels": ws[1] * int(a["groups"]),
            "out_channels": ws[0],
            "kernel_size": pair_or_int(ws[2:]),
            "stride": pair_or_int(a["stride"]),
            "padding": a["padding"] if isinstance(a["padding"], str) else pair_or_int(a["padding"]),
            "dilation": pair_or_int(a["dilation"]),
            "groups": int(a["groups"]),
            "bias": b is not None,
        }
    set_tensor(sb, node, add_weighted(sb, node, op, [x], params, weights))


# ---- math ops (issue 10)


def pow_(sb, node, x, exponent):
    """x ** exponent: a number exponent as a parameter, a tensor one as a second input."""
    if not sb.is_tensor(x):
        raise Unsupported("a number raised to a tensor power")
    if sb.is_tensor(exponent):
        set_tensor(sb, node, sb.add_layer(node, "pow", [x, exponent]))
        return
    e = num(sb.const(exponent))
    if e == 0:
        raise Unsupported("x ** 0 (a constant 1)")
    set_tensor(sb, node, sb.add_layer(node, "pow", [x], {"exponent": e}))


def max_min(sb, node, fn, x, other):
    """torch.max / torch.min: of two tensors (maximum / minimum), or of all values (amax / amin);
    over a dim they return (values, indices), which trtgen does not draft."""
    if other is None:
        dims = list(range(sb.rank(x)))
        set_tensor(sb, node, sb.add_layer(node, "a" + fn, [x], {"dim": dims[0] if len(dims) == 1 else dims}))
    elif sb.is_tensor(other):
        set_tensor(sb, node, sb.add_layer(node, fn + "imum", [x, other]))
    else:
        raise Unsupported("torch.%s over a dim returns (values, indices); use torch.a%s for the values" % (fn, fn))
