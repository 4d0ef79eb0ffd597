"""Shared pieces of the drafter: the fallback signal and argument helpers."""

import math

from ..loading import torch_module


class Unsupported(Exception):
    """Raised by a handler: the node becomes a custom layer (reason goes into the comment)."""


def pair_or_int(v):
    if isinstance(v, (tuple, list)):
        v = [int(x) if x is not None else None for x in v]
        if len(v) == 2 and v[0] == v[1] and v[0] is not None:
            return v[0]
        return v
    return int(v) if v is not None else None


def num(v):
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
        raise Unsupported("%r is not a number" % (v,)) from None


def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or (isinstance(a, bool) and isinstance(b, bool) and a == b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=0) or float(a) == float(b)
    return a == b


def bind(node, names, defaults):
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


def bind_list(args, kwargs, names, defaults):
    out = dict(defaults)
    for n, a in zip(names, args):
        out[n] = a
    out.update(kwargs)
    for n in names:
        if n not in out:
            raise Unsupported("missing argument %s" % n)
    return out


def convert(v, pair=True):
    """A module attribute or constant argument as a spec value: numbers are plain; a list of two
    equal values collapses to one only where the parameter is a pair (``pair``)."""
    if isinstance(v, (tuple, list)):
        return pair_or_int(v) if pair else [convert(x) for x in v]
    if v is None or isinstance(v, (bool, str)):
        return v
    return num(v)
