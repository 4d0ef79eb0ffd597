"""The trtgen op registry as data: ops.json, written from src/ops by ``npm run regen``.

Op names, parameter names (in declaration order), defaults, weight roles and the
PyTorch modules/functions/methods of every op come from here, so that the
drafter (``draft/``) and the test interpreter restate none of them.
"""

import functools
import importlib
import json
import os

OPS_JSON = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ops.json")


@functools.lru_cache(maxsize=None)  # noqa: UP033 (functools.cache needs 3.9; pyproject allows 3.8)
def ops():
    """op name -> its ops.json entry."""
    with open(OPS_JSON, encoding="utf-8") as f:
        return {o["name"]: o for o in json.load(f)["ops"]}


def op(name):
    return ops()[name]


def param_names(name):
    """The op's parameters in declaration order."""
    return [p["name"] for p in op(name)["params"]]


def is_pair(name, param):
    """Whether the parameter is a pair (kernel_size, stride, ...): an int or [h, w], so a spec
    may write [3, 3] as 3. Lists of other lengths (shifts, dims, pad) never collapse."""
    for p in op(name)["params"]:
        if p["name"] == param:
            return _accepts_pair(p["schema"])
    return False


def _accepts_pair(schema):
    if len(schema.get("prefixItems", ())) == 2:
        return True
    return any(_accepts_pair(s) for s in schema.get("anyOf", ()))


def defaults(name):
    """Parameter -> the value a spec may leave out: the default, or None for an optional parameter."""
    return {p["name"]: p.get("default") for p in op(name)["params"] if not p["required"]}


def weight_roles(name, params):
    """The weight roles the op reads with these parameters (missing ones at their default), in order:
    a role with ``if`` exists when that flag is true, one with ``unless`` when it is false."""
    d = defaults(name)

    def flag(p):
        return bool(params.get(p, d.get(p)))

    return [
        w["role"]
        for w in op(name)["weights"]
        if ("if" not in w or flag(w["if"])) and ("unless" not in w or not flag(w["unless"]))
    ]


def resolve(qualname):
    """The object named ``torch.nn.functional.relu`` / ``operator.add``; None where this torch lacks it."""
    parts = qualname.split(".")
    for i in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for p in parts[i:]:
            obj = getattr(obj, p, None)
            if obj is None:
                return None
        return obj
    return None


@functools.lru_cache(maxsize=None)  # noqa: UP033 (functools.cache needs 3.9; pyproject allows 3.8)
def by_pytorch(kind):
    """{torch object (module class or function) or method name: op name} for kind 'modules', 'functions' or 'methods'."""
    table = {}
    for name, o in ops().items():
        for q in o["pytorch"].get(kind, []):
            key = q if kind == "methods" else resolve(q)
            if key is not None:
                table.setdefault(key, name)
    return table


def handler_table(kind, generic, specific):
    """{torch object: handler} for kind 'modules' or 'functions': ``generic(op)`` for what ops.json
    lists, overridden by ``specific`` ({qualified name: handler}; names this torch lacks are skipped)."""
    table = {obj: generic(op) for obj, op in by_pytorch(kind).items()}
    for qualname, handler in specific.items():
        obj = resolve(qualname)
        if obj is not None:
            table[obj] = handler
    return table
