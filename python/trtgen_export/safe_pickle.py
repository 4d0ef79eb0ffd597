"""A restricted unpickler used as torch.load(pickle_module=...) when the built-in safe loader is too limited.

PyTorch 1.13's ``weights_only=True`` unpickler rejects some plain-data opcodes
(e.g. BINFLOAT, so a checkpoint holding ``{"lr": 0.1}`` fails). For such files
we retry with this module: ordinary pickle opcodes, but ``find_class`` only
resolves an allowlist of data constructors (tensor rebuild helpers, storages,
dtypes, OrderedDict, numpy scalars/arrays, argparse.Namespace). Anything else,
such as a pickled nn.Module class, is refused exactly like the safe loader does.
"""

import pickle

_ALLOWED = {
    ("collections", "OrderedDict"),
    ("collections", "defaultdict"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("builtins", "slice"),
    ("builtins", "complex"),
    ("argparse", "Namespace"),
    ("torch", "Size"),
    ("torch", "device"),
    ("torch", "Tensor"),
    ("torch._utils", "_rebuild_tensor"),
    ("torch._utils", "_rebuild_tensor_v2"),
    ("torch._utils", "_rebuild_parameter"),
    ("torch._utils", "_rebuild_parameter_with_state"),
    ("torch._utils", "_rebuild_qtensor"),
    ("torch._utils", "_rebuild_sparse_tensor"),
    ("torch._tensor", "_rebuild_from_type_v2"),
    ("torch.nn.parameter", "Parameter"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "scalar"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy", "dtype"),
    ("numpy", "ndarray"),
}


def _allowed(module, name):
    if (module, name) in _ALLOWED:
        return True
    if module == "torch" and (name.endswith("Storage") or name in ("per_tensor_affine", "per_channel_affine")):
        return True
    if module == "torch":
        import torch

        return isinstance(getattr(torch, name, None), torch.dtype)
    if module.startswith("numpy") and name.endswith("DType"):  # numpy >= 1.25 dtype classes
        return True
    return False


class Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if _allowed(module, name):
            return super().find_class(module, name)
        raise pickle.UnpicklingError("Unsupported global: GLOBAL %s.%s" % (module, name))


def load(file, **kwargs):
    return Unpickler(file, **kwargs).load()


def loads(data, **kwargs):
    import io

    return Unpickler(io.BytesIO(data), **kwargs).load()


Pickler = pickle.Pickler
dump = pickle.dump
dumps = pickle.dumps
UnpicklingError = pickle.UnpicklingError
__name__ = "trtgen_export.safe_pickle"
